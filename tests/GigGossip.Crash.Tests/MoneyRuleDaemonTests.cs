using System.Text.Json;
using GigGossip.Node.Control;
using GigGossip.Settler.Client;

namespace GigGossip.Crash.Tests;

/// <summary>
/// The money rules with the real daemons as separate processes over TCP and HTTP (wallet, settler, sender, middleman,
/// driver): a rider disputing after the key reveal (`giggossip dispute`) freezes the job, `giggossip settler disputes` shows both statements
/// and the operator's decision moves the money (cheat 1); a ride with the pickup code settles at the end of its window
/// without any report (cheat 3). Both end with nothing held, money conserved and `giggossip wallet check` passing.
/// </summary>
public sealed class MoneyRuleDaemonTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly long Price = RideWorld.PriceSats * 1000;

    [Fact]
    public async Task Rider_disputing_after_the_reveal_freezes_the_job_until_the_operator_decides()
    {
        await using var world = await RideWorld.StartAsync(null);
        var minted = (await world.Admin.AuditAsync(Ct)).MintedMsat;
        var (requestId, code) = await RevealedRideAsync(world, pickupInSeconds: 600);
        Assert.Equal("taken by the settler", (await world.Control("driver").PickupAsync(requestId, code, Ct)).Status);

        // The rider disputes from the command line, after the reveal: the job freezes.
        var disputed = await CliAsync(["dispute", requestId, "--statement", "the driver never came", .. ControlOf(world, "sender")]);
        Assert.Contains($"reported request {requestId} disputed", disputed);
        Assert.Equal("taken by the settler", (await world.Control("driver").StatementAsync(requestId, "the rider got in at the corner", Ct)).Status);
        using var admin = new SettlerAdminClient(world.SettlerUri, File.ReadAllText(world.SettlerTokenFile).Trim());
        await Bounded.UntilAsync(async () => (await admin.ListDisputesAsync(Ct)) is [{ Open: true, SenderStatement: not null, ReplierStatement: not null }],
            "the dispute with both statements");

        var listed = await CliAsync("settler", "disputes", "list", "--url", world.SettlerUri.AbsoluteUri, "--admin-token", world.SettlerTokenFile, "--json");
        var dispute = JsonDocument.Parse(listed).RootElement.GetProperty("disputes")[0];
        Assert.Equal("the driver never came", dispute.GetProperty("senderStatement").GetString());
        Assert.Equal("the rider got in at the corner", dispute.GetProperty("replierStatement").GetString());
        Assert.Equal("settle", dispute.GetProperty("defaultDecision").GetString());
        // held on every hop: the price, rider -> middleman (all fees), middleman -> driver (driver's and settler's), driver -> settler
        Assert.Equal(Price + (RideWorld.MiddlemanFeeMsat + RideWorld.DriverFeeMsat + RideWorld.SettlerFeeMsat) + (RideWorld.DriverFeeMsat + RideWorld.SettlerFeeMsat)
            + RideWorld.SettlerFeeMsat, (await world.Admin.AuditAsync(Ct)).HeldMsat);
        Assert.Equal(RideWorld.FundingMsat - Price - RideWorld.MiddlemanFeeMsat - RideWorld.DriverFeeMsat - RideWorld.SettlerFeeMsat, await world.BalanceAsync("sender"));

        var decided = await CliAsync("settler", "disputes", "decide", dispute.GetProperty("networkPaymentHash").GetString()!, "--refund",
            "--url", world.SettlerUri.AbsoluteUri, "--admin-token", world.SettlerTokenFile);
        Assert.Contains("OperatorRefunded", decided);

        await Bounded.UntilAsync(async () => (await world.Admin.AuditAsync(Ct)).HeldMsat == 0, "every held payment to go back");
        foreach (var name in new[] { "sender", "middleman", "driver" }) Assert.Equal(RideWorld.FundingMsat, await world.BalanceAsync(name));
        Assert.Equal(0, await world.BalanceAsync("settler"));
        await AssertLedgerAsync(world, minted);
    }

    [Fact]
    public async Task Ride_with_the_pickup_code_settles_at_the_end_of_its_window_without_any_report()
    {
        await using var world = await RideWorld.StartAsync(null);
        var minted = (await world.Admin.AuditAsync(Ct)).MintedMsat;
        var requestedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var (requestId, code) = await RevealedRideAsync(world, pickupInSeconds: 40);
        await CliAsync(["work", "pickup", requestId, code, .. ControlOf(world, "driver")]); // the driver reports the code from the command line

        var settled = new EventCursor(() => world.Control("driver"), 0);
        var first = await settled.NextAsync(e => e.Type == "MoneySettled", "the driver's MoneySettled");
        await Bounded.UntilAsync(async () => (await world.Admin.AuditAsync(Ct)).HeldMsat == 0, "every held payment to settle");

        Assert.True(first.AtUnixMs >= requestedAt + 40_000 + 1_000, "settled only after the pickup window and the completion time ended");
        Assert.Equal(RideWorld.FundingMsat - Price - RideWorld.MiddlemanFeeMsat - RideWorld.DriverFeeMsat - RideWorld.SettlerFeeMsat, await world.BalanceAsync("sender"));
        Assert.Equal(RideWorld.FundingMsat + RideWorld.MiddlemanFeeMsat, await world.BalanceAsync("middleman"));
        Assert.Equal(RideWorld.FundingMsat + Price + RideWorld.DriverFeeMsat, await world.BalanceAsync("driver"));
        Assert.Equal(RideWorld.SettlerFeeMsat, await world.BalanceAsync("settler"));
        await AssertLedgerAsync(world, minted);
    }

    /// <summary>The sender requests a ride, takes the first offer and gets the contact; returns the request id and the pickup code.</summary>
    private static async Task<(string RequestId, string Code)> RevealedRideAsync(RideWorld world, long pickupInSeconds)
    {
        ControlClient Sender() => world.Control("sender");
        var events = new EventCursor(Sender, (await Sender().InfoAsync(Ct)).LastEvent);
        var request = await Sender().RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u9", pickupInSeconds, 20), Ct);
        var offer = await events.NextAsync(e => e.Type == "OfferReceived", "OfferReceived");
        await Sender().AcceptAsync(Text(offer, "offerId"), Ct);
        var revealed = await events.NextAsync(e => e.Type == "ContactRevealed", "ContactRevealed");
        var code = Text(revealed, "pickupCode");
        Assert.Matches("^[0-9]{6}$", code);
        return (request.RequestId, code);
    }

    private static async Task AssertLedgerAsync(RideWorld world, long minted)
    {
        var audit = await world.Admin.AuditAsync(Ct);
        Assert.Equal((true, minted, 0L), (audit.Balanced, audit.AccountsMsat + audit.HeldMsat, audit.HeldMsat));
        Assert.Contains("balanced", await CliAsync("wallet", "check", "--db", world.WalletDb));
    }

    /// <summary>The options that point a control command at one of the world's nodes.</summary>
    private static string[] ControlOf(RideWorld world, string name) =>
        ["--node", world.Control(name).Node.AbsoluteUri, "--token", Path.Combine(world.Directory, name, "control.token")];

    private static async Task<string> CliAsync(params string[] args)
    {
        await using var process = ChildProcess.Start(string.Join(' ', args.Take(3)), null, args);
        await process.Exited.Within();
        Assert.True(process.ExitCode == 0, process.Output);
        return process.Output;
    }

    private static string Text(EventView view, string field) => view.Data[field] is JsonElement { ValueKind: JsonValueKind.String } s ? s.GetString()! : view.Data[field]!.ToString()!;
}
