using System.Globalization;
using System.Text.RegularExpressions;
using GigGossip.Cli;
using GigGossip.Cli.Demo;
using Microsoft.Playwright;

namespace GigGossip.Web.Tests;

/// <summary>
/// A rider and a driver on phones (390x844), in two browser contexts, against real daemons over TCP (wallet and settler
/// over HTTP): the driver goes online, the rider requests, sees the offer, accepts, sees the contact and the pickup
/// code; the driver enters the code; the rider confirms; both see the settled amounts and the wallet's ledger check
/// passes. The settler's console, in a third context, lists the jobs and decides a dispute with both statements.
/// Every screen is checked for accessible names and written to docs/screenshots/.
/// </summary>
public sealed class RideInBrowserTests
{
    private const string DriverContact = "web driver: +61 400 111 222";
    private const long PriceMsat = 25_000_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RiderAndDriverRideEndToEndInTheBrowser()
    {
        Browser.SkipUnlessPresent();
        await using var network = await WebDemoNetwork.StartAsync(nodes: 4, autoDrivers: 0, seed: 7, Ct);
        await using var browser = await Browser.LaunchAsync();

        var driver = await browser.PhoneAsync();
        await driver.GotoAsync(WebDemoNetwork.LinkFor(network.Driver, driver: true).AbsoluteUri);
        Assert.EndsWith("/app/#driver", driver.Url);
        await driver.GetByLabel("Area (geohash prefix)").FillAsync(WebDemoNetwork.Area);
        await driver.GetByLabel("Price (sat)").FillAsync("25000");
        await driver.GetByLabel("Contact shown to a rider who paid").FillAsync(DriverContact);
        // A reload before going online keeps what was typed.
        await driver.ReloadAsync();
        await Assertions.Expect(driver.GetByLabel("Contact shown to a rider who paid")).ToHaveValueAsync(DriverContact);
        await Assertions.Expect(driver.GetByLabel("Area (geohash prefix)")).ToHaveValueAsync(WebDemoNetwork.Area);
        await driver.GetByRole(AriaRole.Button, new() { Name = "Go online" }).ClickAsync();
        await Assertions.Expect(driver.Locator("#work-status")).ToContainTextAsync("Online in r3gx");
        await Browser.AssertEveryControlIsNamedAsync(driver);
        await Browser.ScreenshotAsync(driver, "driver-online");

        var rider = await browser.PhoneAsync();
        await rider.GotoAsync(WebDemoNetwork.LinkFor(network.Rider).AbsoluteUri);
        Assert.EndsWith("/app/", rider.Url);
        // Pick the pickup on the map: r3gx is shown; tap cells down to the 7 characters peers accept.
        foreach (var cell in new[] { "r3gx2", "r3gx2g", "r3gx2g5" }) await rider.Locator($"[data-cell='{cell}']").ClickAsync();
        await Assertions.Expect(rider.GetByLabel("Pickup cell")).ToHaveValueAsync("r3gx2g5");
        await rider.GetByLabel("Destination cell").FillAsync("r3gx2gk");
        await rider.GetByLabel("Destination cell").DispatchEventAsync("change");
        await rider.GetByLabel("Wait for offers (seconds)").FillAsync("4");
        await rider.ReloadAsync(); // mid-flow: the half-filled request survives
        await Assertions.Expect(rider.GetByLabel("Pickup cell")).ToHaveValueAsync("r3gx2g5");
        await Assertions.Expect(rider.GetByLabel("Destination cell")).ToHaveValueAsync("r3gx2gk");
        await Assertions.Expect(rider.GetByLabel("Wait for offers (seconds)")).ToHaveValueAsync("4");
        await Browser.AssertEveryControlIsNamedAsync(rider);
        await Browser.ScreenshotAsync(rider, "rider-request");
        await rider.GetByRole(AriaRole.Button, new() { Name = "Request ride" }).ClickAsync();

        var accept = rider.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Accept offer") }).First;
        await Assertions.Expect(accept).ToBeVisibleAsync();
        var offer = rider.Locator("[data-offer]").First;
        await Assertions.Expect(offer).ToContainTextAsync("Price 25,000 sat");
        await Assertions.Expect(offer).ToContainTextAsync("Network fee");
        await Assertions.Expect(offer).ToContainTextAsync("Total");
        await Browser.AssertEveryControlIsNamedAsync(rider);
        await Browser.ScreenshotAsync(rider, "rider-offers", rider.Locator("[data-ride]").First);
        await accept.ClickAsync();

        await Assertions.Expect(rider.GetByLabel("Driver contact")).ToHaveTextAsync(DriverContact);
        await Assertions.Expect(rider.Locator("[data-step='held']")).ToHaveCountAsync(1);
        await rider.ReloadAsync();
        await Assertions.Expect(rider.GetByLabel("Driver contact")).ToHaveTextAsync(DriverContact); // nothing lost on reload
        var code = await PickupCodeAsync(rider);
        await Browser.AssertEveryControlIsNamedAsync(rider);
        await Browser.ScreenshotAsync(rider, "rider-contact", rider.Locator("[data-ride]").First);

        // The driver's open job shows the pickup cell; a wrong code gets the settler's refusal in place, the right one is taken.
        var job = driver.Locator("[data-accepted]").First;
        await Assertions.Expect(job).ToContainTextAsync("pickup r3gx2g5 to r3gx2gk");
        await job.GetByLabel("Rider's pickup code").FillAsync(WrongCode(code));
        await job.GetByRole(AriaRole.Button, new() { Name = "Confirm pickup" }).ClickAsync();
        await Assertions.Expect(job.Locator(".code-error")).ToContainTextAsync("wrong pickup code");
        await Browser.ScreenshotAsync(driver, "driver-wrong-code", driver.Locator("#accepted-title"));
        await driver.ReloadAsync(); // the job and its form come back from the node
        job = driver.Locator("[data-accepted]").First;
        await job.GetByLabel("Rider's pickup code").FillAsync(code);
        await Browser.AssertEveryControlIsNamedAsync(driver);
        await Browser.ScreenshotAsync(driver, "driver-pickup", driver.Locator("#accepted-title"));
        await job.GetByRole(AriaRole.Button, new() { Name = "Confirm pickup" }).ClickAsync();
        await Assertions.Expect(driver.Locator("[data-accepted] .pickup-confirmed")).ToHaveCountAsync(1);
        await Assertions.Expect(driver.Locator("[data-job][data-status='picked up']")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(driver, "driver-jobs", driver.Locator("#jobs-title"));

        await rider.GetByRole(AriaRole.Button, new() { Name = "Ride done: pay the driver" }).ClickAsync();
        var ride = rider.Locator("[data-ride]").First;
        await Assertions.Expect(ride).ToHaveAttributeAsync("data-status", "settled", new() { Timeout = 90_000 });
        await Assertions.Expect(ride.Locator(".paid-amount")).ToContainTextAsync("paid");
        await Browser.ScreenshotAsync(rider, "rider-settled", rider.Locator("[data-ride]").First);

        await Assertions.Expect(driver.Locator("#earned")).Not.ToHaveAttributeAsync("data-msat", "0", new() { Timeout = 90_000 });
        var earnedMsat = await EarnedMsatAsync(driver);
        Assert.True(earnedMsat >= PriceMsat, $"the driver earned {earnedMsat} msat, less than its price");
        await Assertions.Expect(driver.Locator("[data-job][data-status='settled']")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(driver, "driver-earnings", driver.Locator("#earnings-title"));

        await AssertMoneyConservedAsync(network);

        // The settler's console, in a third context: sign in by its link, see the job, grant and issue.
        var console = await browser.PhoneAsync();
        await console.GotoAsync(network.ConsoleLink().AbsoluteUri);
        Assert.EndsWith("/console/", console.Url);
        await Assertions.Expect(console.Locator("#console")).ToBeVisibleAsync();
        var settled = console.Locator("[data-job][data-state='Settled']");
        await Assertions.Expect(settled).ToHaveCountAsync(1);
        await Assertions.Expect(settled).ToContainTextAsync("Price 25,000 sat");
        await Assertions.Expect(settled).ToContainTextAsync("the rider confirmed");
        await Assertions.Expect(settled).ToContainTextAsync("pickup proven");
        await Browser.AssertEveryControlIsNamedAsync(console);
        await Browser.ScreenshotAsync(console, "settler-jobs", console.Locator("#jobs-title"));
        await console.GetByLabel("Subject (public key)").First.FillAsync(network.Rider.Id.ToHex());
        await console.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();
        await Assertions.Expect(console.Locator("#grant-result")).ToContainTextAsync("driving_licence");
        await console.Locator("#issue-subject").FillAsync(network.Rider.Id.ToHex());
        await console.GetByRole(AriaRole.Button, new() { Name = "Issue certificate" }).ClickAsync();
        await Assertions.Expect(console.Locator("#issue-result")).ToContainTextAsync("serial");
        await Browser.ScreenshotAsync(console, "settler-certificates", console.Locator("#grant-title"));
        await Browser.ScreenshotAsync(console, "settler-registrations", console.Locator("#subjects-title"));

        // A browser without a session gets the console's sign-in form, with its controls named.
        var stranger = await browser.PhoneAsync();
        await stranger.GotoAsync(new Uri(network.Settler.BaseUri, "/console/").AbsoluteUri);
        await Assertions.Expect(stranger.Locator("#login")).ToBeVisibleAsync();
        await Browser.AssertEveryControlIsNamedAsync(stranger);
        await Browser.ScreenshotAsync(stranger, "settler-sign-in");

        AssertNoTokenInAnyUrl(browser, network);
    }

    [Fact]
    public async Task SettlerConsoleDecidesADisputeWithBothStatements()
    {
        Browser.SkipUnlessPresent();
        await using var network = await WebDemoNetwork.StartAsync(nodes: 3, autoDrivers: 0, seed: 8, Ct);
        await using var browser = await Browser.LaunchAsync();
        var driver = await browser.PhoneAsync();
        await driver.GotoAsync(WebDemoNetwork.LinkFor(network.Driver, driver: true).AbsoluteUri);
        await driver.GetByLabel("Area (geohash prefix)").FillAsync(WebDemoNetwork.Area);
        await driver.GetByLabel("Contact shown to a rider who paid").FillAsync(DriverContact);
        await driver.GetByRole(AriaRole.Button, new() { Name = "Go online" }).ClickAsync();
        await Assertions.Expect(driver.Locator("#work-status")).ToContainTextAsync("Online in r3gx");

        var rider = await browser.PhoneAsync();
        await rider.GotoAsync(WebDemoNetwork.LinkFor(network.Rider).AbsoluteUri);
        // Typing a cell finer than peers accept gets the API's own error, in place.
        await rider.GetByLabel("Pickup cell").FillAsync("r3gx2g5s");
        await rider.GetByLabel("Destination cell").FillAsync("r3gx2gk");
        await rider.GetByRole(AriaRole.Button, new() { Name = "Request ride" }).ClickAsync();
        await Assertions.Expect(rider.Locator("#request-error")).ToContainTextAsync("peers accept at most 7");
        await Browser.ScreenshotAsync(rider, "rider-error", rider.Locator("#request-title"));

        await rider.GetByLabel("Pickup cell").FillAsync("r3gx2g5");
        await rider.GetByLabel("Wait for offers (seconds)").FillAsync("3");
        await rider.GetByRole(AriaRole.Button, new() { Name = "Request ride" }).ClickAsync();
        await Assertions.Expect(rider.Locator("#request-error")).ToBeEmptyAsync();
        await rider.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Accept offer") }).First.ClickAsync();
        await Assertions.Expect(rider.GetByLabel("Driver contact")).ToHaveTextAsync(DriverContact);
        var code = await PickupCodeAsync(rider);

        // The driver proves the pickup with the rider's code.
        var job = driver.Locator("[data-accepted]").First;
        await job.GetByLabel("Rider's pickup code").FillAsync(code);
        await job.GetByRole(AriaRole.Button, new() { Name = "Confirm pickup" }).ClickAsync();
        await Assertions.Expect(driver.Locator("[data-accepted] .pickup-confirmed")).ToHaveCountAsync(1);

        // The rider disputes after the reveal, with a statement: the job is frozen, nobody is paid yet.
        await rider.GetByText("Something went wrong? Dispute").ClickAsync();
        await rider.GetByLabel("Your statement").FillAsync("The driver never came.");
        await Browser.AssertEveryControlIsNamedAsync(rider);
        await rider.GetByRole(AriaRole.Button, new() { Name = "Dispute this ride" }).ClickAsync();
        var ride = rider.Locator("[data-ride]").First;
        await Assertions.Expect(ride).ToHaveAttributeAsync("data-status", "disputed");
        await Assertions.Expect(ride.Locator("[data-step='disputed']")).ToHaveCountAsync(1);
        await Assertions.Expect(ride.Locator("[data-step='settled']")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(rider, "rider-disputed", ride);
        await Assertions.Expect(driver.Locator("#earned")).ToHaveAttributeAsync("data-msat", "0");

        // The driver gives its side in its app.
        job = driver.Locator("[data-accepted]").First;
        await job.GetByText("Disputed? Give your statement").ClickAsync();
        await job.GetByLabel("Your statement for the settler").FillAsync("I picked the rider up at r3gx2g5; they told me the code.");
        await Browser.AssertEveryControlIsNamedAsync(driver);
        await Browser.ScreenshotAsync(driver, "driver-statement", driver.Locator("#accepted-title"));
        await job.GetByRole(AriaRole.Button, new() { Name = "Send statement" }).ClickAsync();
        await Assertions.Expect(driver.Locator("[data-job] [data-step='statement']")).ToHaveCountAsync(1);

        // While frozen the money is held, not lost.
        var held = await network.CheckLedgerAsync(Ct);
        Assert.True(held.Balanced);
        Assert.True(held.HeldMsat >= PriceMsat, $"only {held.HeldMsat} msat held during the dispute");
        Assert.Equal(network.TotalMsatAtStart, held.TotalMsat);

        // The operator reads both statements and the pickup proof in the console and pays the driver.
        var console = await browser.PhoneAsync();
        await console.GotoAsync(network.ConsoleLink().AbsoluteUri);
        var dispute = console.Locator("[data-dispute][data-open='true']");
        await Assertions.Expect(dispute).ToHaveCountAsync(1);
        await Assertions.Expect(dispute.Locator(".rider-statement")).ToHaveTextAsync("The driver never came.");
        await Assertions.Expect(dispute.Locator(".driver-statement")).ToContainTextAsync("they told me the code");
        await Assertions.Expect(dispute.Locator(".pickup-proof")).ToContainTextAsync("Pickup proven");
        await Assertions.Expect(console.Locator("[data-job][data-state='Disputed']")).ToHaveCountAsync(1);
        await Browser.AssertEveryControlIsNamedAsync(console);
        await Browser.ScreenshotAsync(console, "settler-dispute", console.Locator("#disputes-title"));
        await dispute.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Pay the driver") }).ClickAsync();
        var decided = console.Locator("[data-dispute][data-open='false']");
        await Assertions.Expect(decided).ToHaveCountAsync(1);
        await Assertions.Expect(decided.Locator(".decided")).ToContainTextAsync("you paid the driver");
        await Browser.ScreenshotAsync(console, "settler-decided", console.Locator("#disputes-title"));

        // The money moved as decided: the driver is paid its price, the rider sees the ride settled.
        await Assertions.Expect(ride).ToHaveAttributeAsync("data-status", "settled", new() { Timeout = 90_000 });
        await Assertions.Expect(driver.Locator("#earned")).Not.ToHaveAttributeAsync("data-msat", "0", new() { Timeout = 90_000 });
        Assert.True(await EarnedMsatAsync(driver) >= PriceMsat);
        await AssertMoneyConservedAsync(network);
        AssertNoTokenInAnyUrl(browser, network);
    }

    [Fact]
    public async Task SettlerConsoleRefundsADisputedRideWithoutPickupProof()
    {
        Browser.SkipUnlessPresent();
        await using var network = await WebDemoNetwork.StartAsync(nodes: 3, autoDrivers: 0, seed: 9, Ct);
        await using var browser = await Browser.LaunchAsync();
        var driver = await browser.PhoneAsync();
        await driver.GotoAsync(WebDemoNetwork.LinkFor(network.Driver, driver: true).AbsoluteUri);
        await driver.GetByLabel("Area (geohash prefix)").FillAsync(WebDemoNetwork.Area);
        await driver.GetByLabel("Contact shown to a rider who paid").FillAsync(DriverContact);
        await driver.GetByRole(AriaRole.Button, new() { Name = "Go online" }).ClickAsync();
        await Assertions.Expect(driver.Locator("#work-status")).ToContainTextAsync("Online in r3gx");

        var rider = await browser.PhoneAsync();
        await rider.GotoAsync(WebDemoNetwork.LinkFor(network.Rider).AbsoluteUri);
        var riderAccount = network.Rider.Id.ToHex();
        var riderBefore = await network.Admin.GetBalanceAsync(riderAccount, Ct);
        await rider.GetByLabel("Pickup cell").FillAsync("r3gx2g5");
        await rider.GetByLabel("Destination cell").FillAsync("r3gx2gk");
        await rider.GetByLabel("Wait for offers (seconds)").FillAsync("3");
        await rider.GetByRole(AriaRole.Button, new() { Name = "Request ride" }).ClickAsync();
        await rider.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Accept offer") }).First.ClickAsync();
        await Assertions.Expect(rider.GetByLabel("Driver contact")).ToHaveTextAsync(DriverContact);
        Assert.True(await network.Admin.GetBalanceAsync(riderAccount, Ct) <= riderBefore - PriceMsat, "the rider's money is not held");

        // The driver never enters the code; the rider disputes.
        await rider.GetByText("Something went wrong? Dispute").ClickAsync();
        await rider.GetByLabel("Your statement").FillAsync("Nobody came to r3gx2g5.");
        await rider.GetByRole(AriaRole.Button, new() { Name = "Dispute this ride" }).ClickAsync();
        var ride = rider.Locator("[data-ride]").First;
        await Assertions.Expect(ride).ToHaveAttributeAsync("data-status", "disputed");

        var console = await browser.PhoneAsync();
        await console.GotoAsync(network.ConsoleLink().AbsoluteUri);
        var dispute = console.Locator("[data-dispute][data-open='true']");
        await Assertions.Expect(dispute.Locator(".rider-statement")).ToHaveTextAsync("Nobody came to r3gx2g5.");
        await Assertions.Expect(dispute.Locator(".driver-statement")).ToHaveTextAsync("(none yet)");
        await Assertions.Expect(dispute.Locator(".pickup-proof")).ToContainTextAsync("No pickup proof");
        await dispute.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Refund the rider") }).ClickAsync();
        await Assertions.Expect(console.Locator("[data-dispute][data-open='false'] .decided")).ToContainTextAsync("you refunded the rider");
        await Assertions.Expect(console.Locator("[data-job][data-state='Cancelled']")).ToHaveCountAsync(1);

        // The money moved as decided: the rider has all of it back, the driver nothing.
        await Assertions.Expect(ride).ToHaveAttributeAsync("data-status", "refunded", new() { Timeout = 90_000 });
        await AssertMoneyConservedAsync(network);
        Assert.Equal(riderBefore, await network.Admin.GetBalanceAsync(riderAccount, Ct));
        await Assertions.Expect(driver.Locator("#earned")).ToHaveAttributeAsync("data-msat", "0");
        await Assertions.Expect(driver.Locator("[data-job][data-status='refunded']")).ToHaveCountAsync(1);
    }

    /// <summary>The 6-digit pickup code the rider's app shows with the contact.</summary>
    private static async Task<string> PickupCodeAsync(IPage rider)
    {
        var shown = rider.GetByLabel("Pickup code", new() { Exact = true });
        await Assertions.Expect(shown).ToHaveTextAsync(new Regex(@"^\d{6}$"));
        return (await shown.TextContentAsync())!;
    }

    private static string WrongCode(string code) => ((code[0] - '0' + 1) % 10).ToString(CultureInfo.InvariantCulture) + code[1..];

    private static async Task<long> EarnedMsatAsync(IPage driver) =>
        long.Parse(await driver.Locator("#earned").GetAttributeAsync("data-msat") ?? "0", CultureInfo.InvariantCulture);

    /// <summary>Nothing held, the total unchanged to the msat, and `giggossip wallet check` agrees.</summary>
    private static async Task AssertMoneyConservedAsync(WebDemoNetwork network)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        (bool Balanced, long HeldMsat, long TotalMsat) ledger;
        while ((ledger = await network.CheckLedgerAsync(Ct)).HeldMsat != 0 && DateTime.UtcNow < deadline) await Task.Delay(100, Ct);
        Assert.True(ledger.Balanced);
        Assert.Equal(0, ledger.HeldMsat);
        Assert.Equal(network.TotalMsatAtStart, ledger.TotalMsat);
        Assert.Equal(0, await GigGossipCommand.RunAsync(["wallet", "check", "--db", network.LedgerPath]));
    }

    private static void AssertNoTokenInAnyUrl(Browser browser, WebDemoNetwork network)
    {
        lock (browser.Requests)
        {
            Assert.NotEmpty(browser.Requests);
            foreach (var url in browser.Requests)
            {
                Assert.DoesNotContain(network.Rider.ControlToken!, url);
                Assert.DoesNotContain(network.Driver.ControlToken!, url);
                Assert.DoesNotContain(network.Settler.AdminToken, url);
            }
        }
    }
}
