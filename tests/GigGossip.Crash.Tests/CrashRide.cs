using System.Text.Json;
using GigGossip.Node.Control;

namespace GigGossip.Crash.Tests;

/// <summary>
/// One crash test: a ride on separate processes where one of them dies at a crash point (GIGGOSSIP_CRASH_AT makes it call
/// Environment.FailFast at that exact point, as abrupt as kill -9), is started again on the same files, and the ride still
/// ends with every hop paid its fee (or everyone refunded), nothing held, and `giggossip wallet check` passing on the ledger.
/// </summary>
internal static class CrashRide
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="point">The crash point the process dies at; null: the test sends it SIGKILL as soon as the sender has accepted the offer.</param>
    public static async Task RunAsync(string process, string? point, string step)
    {
        await using var world = await RideWorld.StartAsync(point is null ? null : (process, point));
        var armed = world[process];
        var restarted = RestartAfterCrashAsync(world, process, armed);
        var minted = (await world.Admin.AuditAsync(Ct)).MintedMsat;

        var outcome = await RideAsync(world, afterAccept: point is null ? armed.KillAsync : null);

        Assert.True(armed.Exited.IsCompleted, $"{process} never reached {point} ({step})");
        await restarted.Within();
        if (point is null) Assert.Equal(128 + 9, armed.ExitCode);
        else Assert.Contains("crash injected at", armed.Output);
        await Bounded.UntilAsync(async () => (await world.Admin.AuditAsync(Ct)).HeldMsat == 0, "every held payment to settle or be refunded");
        var balances = new Dictionary<string, long>();
        foreach (var name in new[] { "sender", "middleman", "driver", "settler" }) balances[name] = await world.BalanceAsync(name);
        var price = RideWorld.PriceSats * 1000;
        var completed = new Dictionary<string, long>
        {
            ["sender"] = RideWorld.FundingMsat - price - RideWorld.MiddlemanFeeMsat - RideWorld.DriverFeeMsat - RideWorld.SettlerFeeMsat,
            ["middleman"] = RideWorld.FundingMsat + RideWorld.MiddlemanFeeMsat,
            ["driver"] = RideWorld.FundingMsat + price + RideWorld.DriverFeeMsat,
            ["settler"] = RideWorld.SettlerFeeMsat,
        };
        var refunded = new Dictionary<string, long> { ["sender"] = RideWorld.FundingMsat, ["middleman"] = RideWorld.FundingMsat, ["driver"] = RideWorld.FundingMsat, ["settler"] = 0 };
        Assert.Equal(outcome == "completed" ? completed : refunded, balances);
        var audit = await world.Admin.AuditAsync(Ct);
        Assert.Equal((true, minted), (audit.Balanced, audit.AccountsMsat + audit.HeldMsat));
        await using var check = ChildProcess.Start("wallet check", null, "wallet", "check", "--db", world.WalletDb);
        await check.Exited.Within();
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("balanced", check.Output);
        Assert.Equal("completed", outcome);
    }

    /// <summary>Restarts the armed process once it has died (by its crash point).</summary>
    private static async Task RestartAfterCrashAsync(RideWorld world, string process, ChildProcess armed)
    {
        await armed.Exited.WaitAsync(TimeSpan.FromMinutes(2), Ct);
        await world.RestartAsync(process);
        if (process == "middleman") await world.ConnectedAsync();
    }

    /// <summary>The ride on the sender's control API: request, take the offer, get the contact, report the job done; "completed" or "refunded".</summary>
    private static async Task<string> RideAsync(RideWorld world, Func<Task>? afterAccept)
    {
        ControlClient Sender() => world.Control("sender");
        var events = new EventCursor(Sender, (await Sender().InfoAsync()).LastEvent);
        var request = await Sender().RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u9", 600, 20));
        var offer = await events.NextAsync(e => e.Type == "OfferReceived", "OfferReceived");
        await Sender().AcceptAsync(Text(offer, "offerId"));
        if (afterAccept is not null) await afterAccept();
        var revealed = await events.NextAsync(e => e.Type is "ContactRevealed" or "MoneyReturned", "ContactRevealed");
        if (revealed.Type == "MoneyReturned") return "refunded";
        Assert.Equal("driver: call 555-0100", Text(revealed, "contact"));
        await Sender().DoneAsync(request.RequestId);
        var settled = 0;
        while (settled < 2)
        {
            var money = await events.NextAsync(e => e.Type is "MoneySettled" or "MoneyReturned", "MoneySettled");
            if (money.Type == "MoneyReturned") return "refunded";
            settled++;
        }
        return "completed";
    }

    private static string Text(EventView view, string field) => view.Data[field] is JsonElement { ValueKind: JsonValueKind.String } s ? s.GetString()! : view.Data[field]!.ToString()!;
}
