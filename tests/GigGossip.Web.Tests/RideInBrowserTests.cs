using System.Text.RegularExpressions;
using GigGossip.Cli;
using GigGossip.Cli.Demo;
using Microsoft.Playwright;

namespace GigGossip.Web.Tests;

/// <summary>
/// A rider and a driver on phones, in two browser contexts, against real daemons over TCP (wallet and settler over
/// HTTP): the driver goes online, the rider requests, sees the offer, accepts, sees the contact and confirms; both see
/// the settled amounts and the wallet's ledger check passes. The settler's console works in a third context.
/// </summary>
public sealed class RideInBrowserTests
{
    private const string DriverContact = "web driver: +61 400 111 222";

    [Fact]
    public async Task RiderAndDriverRideEndToEndInTheBrowser()
    {
        Browser.SkipUnlessPresent();
        var ct = TestContext.Current.CancellationToken;
        await using var network = await WebDemoNetwork.StartAsync(nodes: 4, autoDrivers: 0, seed: 7, ct);
        await using var browser = await Browser.LaunchAsync();

        var driver = await browser.PhoneAsync();
        await driver.GotoAsync(WebDemoNetwork.LinkFor(network.Driver, driver: true).AbsoluteUri);
        Assert.EndsWith("/app/#driver", driver.Url);
        await driver.GetByLabel("Area (geohash prefix)").FillAsync(WebDemoNetwork.Area);
        await driver.GetByLabel("Price (sat)").FillAsync("25000");
        await driver.GetByLabel("Contact shown to a rider who paid").FillAsync(DriverContact);
        await driver.GetByRole(AriaRole.Button, new() { Name = "Go online" }).ClickAsync();
        await Assertions.Expect(driver.Locator("#work-status")).ToContainTextAsync("Online in r3gx");
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
        await Browser.ScreenshotAsync(rider, "rider-request");
        await rider.GetByRole(AriaRole.Button, new() { Name = "Request ride" }).ClickAsync();

        var accept = rider.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Accept offer") }).First;
        await Assertions.Expect(accept).ToBeVisibleAsync();
        var offer = rider.Locator("[data-offer]").First;
        await Assertions.Expect(offer).ToContainTextAsync("Price 25,000 sat");
        await Assertions.Expect(offer).ToContainTextAsync("Network fee");
        await Assertions.Expect(offer).ToContainTextAsync("Total");
        await Browser.ScreenshotAsync(rider, "rider-offers", rider.Locator("[data-ride]").First);
        await accept.ClickAsync();

        await Assertions.Expect(rider.GetByLabel("Driver contact")).ToHaveTextAsync(DriverContact);
        await Assertions.Expect(rider.Locator("[data-step='held']")).ToHaveCountAsync(1);
        await rider.ReloadAsync();
        await Assertions.Expect(rider.GetByLabel("Driver contact")).ToHaveTextAsync(DriverContact); // nothing lost on reload
        await Browser.ScreenshotAsync(rider, "rider-contact", rider.Locator("[data-ride]").First);

        await Assertions.Expect(driver.Locator("[data-job][data-status='offer sent']")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(driver, "driver-jobs", driver.Locator("#earnings-title"));

        await rider.GetByRole(AriaRole.Button, new() { Name = "Ride done: pay the driver" }).ClickAsync();
        var ride = rider.Locator("[data-ride]").First;
        await Assertions.Expect(ride).ToHaveAttributeAsync("data-status", "settled", new() { Timeout = 90_000 });
        await Assertions.Expect(ride.Locator(".paid-amount")).ToContainTextAsync("paid");
        await Browser.ScreenshotAsync(rider, "rider-settled", rider.Locator("[data-ride]").First);

        await Assertions.Expect(driver.Locator("#earned")).Not.ToHaveAttributeAsync("data-msat", "0", new() { Timeout = 90_000 });
        var earnedMsat = long.Parse(await driver.Locator("#earned").GetAttributeAsync("data-msat") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(earnedMsat >= 25_000_000, $"the driver earned {earnedMsat} msat, less than its price");
        await Browser.ScreenshotAsync(driver, "driver-earnings", driver.Locator("#earnings-title"));

        // The money: nothing held, the total unchanged, and `giggossip wallet check` agrees.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        (bool Balanced, long HeldMsat, long TotalMsat) ledger;
        while ((ledger = await network.CheckLedgerAsync(ct)).HeldMsat != 0 && DateTime.UtcNow < deadline) await Task.Delay(100, ct);
        Assert.True(ledger.Balanced);
        Assert.Equal(0, ledger.HeldMsat);
        Assert.Equal(network.TotalMsatAtStart, ledger.TotalMsat);
        Assert.Equal(0, await GigGossipCommand.RunAsync(["wallet", "check", "--db", network.LedgerPath]));

        // The settler's console, in a third context: sign in by its link, grant and issue.
        var console = await browser.PhoneAsync();
        await console.GotoAsync(network.ConsoleLink().AbsoluteUri);
        Assert.EndsWith("/console/", console.Url);
        await Assertions.Expect(console.Locator("#console")).ToBeVisibleAsync();
        await console.GetByLabel("Subject (public key)").First.FillAsync(network.Rider.Id.ToHex());
        await console.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();
        await Assertions.Expect(console.Locator("#grant-result")).ToContainTextAsync("driving_licence");
        await console.Locator("#issue-subject").FillAsync(network.Rider.Id.ToHex());
        await console.GetByRole(AriaRole.Button, new() { Name = "Issue certificate" }).ClickAsync();
        await Assertions.Expect(console.Locator("#issue-result")).ToContainTextAsync("serial");
        await Browser.ScreenshotAsync(console, "settler-console", console.Locator("#disputes-title"));

        // No token ever sat in a URL.
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

    [Fact]
    public async Task RiderDisputesWithAStatementAndTheDriverIsNotPaid()
    {
        Browser.SkipUnlessPresent();
        var ct = TestContext.Current.CancellationToken;
        await using var network = await WebDemoNetwork.StartAsync(nodes: 3, autoDrivers: 0, seed: 8, ct);
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

        await rider.GetByText("Something went wrong? Dispute").ClickAsync();
        await rider.GetByLabel("Your statement").FillAsync("The driver never came.");
        await rider.GetByRole(AriaRole.Button, new() { Name = "Dispute this ride" }).ClickAsync();
        var ride = rider.Locator("[data-ride]").First;
        // Disputed, then (where the settler refunds a dispute at once) refunded: never settled to the driver.
        await Assertions.Expect(ride).ToHaveAttributeAsync("data-status", new Regex("^(disputed|refunded)$"));
        await Assertions.Expect(ride.Locator("[data-step='disputed']")).ToHaveCountAsync(1);
        await Assertions.Expect(ride.Locator("[data-step='settled']")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(rider, "rider-disputed", ride);
        await Assertions.Expect(driver.Locator("#earned")).ToHaveAttributeAsync("data-msat", "0");

        // The money is neither paid out to the driver nor lost.
        var ledger = await network.CheckLedgerAsync(ct);
        Assert.True(ledger.Balanced);
        Assert.Equal(network.TotalMsatAtStart, ledger.TotalMsat);

        // The console lists disputes, or shows the settler's answer in place where it has no dispute API.
        var console = await browser.PhoneAsync();
        await console.GotoAsync(network.ConsoleLink().AbsoluteUri);
        await Assertions.Expect(console.Locator("#disputes li, #disputes-error:not(:empty)").First).ToBeVisibleAsync();
    }
}
