using System.Text.Json;
using GigGossip.Node.Control;

namespace GigGossip.Crash.Tests;

/// <summary>
/// kill -9 at each step of the payment chain: the wallet, the settler or the middleman dies (GIGGOSSIP_CRASH_AT makes it
/// call Environment.FailFast at that exact point), is started again on the same files, and the ride still ends with every
/// hop paid its fee (or everyone refunded), nothing held, and `giggossip wallet check` passing on the ledger file.
/// </summary>
public sealed class CrashSafetyTests
{
    public static TheoryData<string, string, string> Steps => new()
    {
        // process, crash point, step of the chain
        { "wallet", "wallet.paid#1", "after accept: the sender's first payment is held, the wallet dies before answering" },
        { "wallet", "wallet.paid#3", "mid-chain: a hop's payment is held, the rest of the chain is not" },
        { "wallet", "wallet.settled#1", "before settle: the settler's invoice is settled, no hop has settled yet" },
        { "settler", "settler.reply-accepted", "after accept: the reply invoice is held, the network chain still paying" },
        { "settler", "settler.network-accepted", "mid-chain: the whole chain is held, the key not yet revealed" },
        { "settler", "settler.settled", "before settle: the job is saved as settled, the wallet not yet told" },
        { "middleman", "node.pay", "after accept: its invoice is held, it dies before paying downstream" },
        { "middleman", "node.paid", "mid-chain: it has paid downstream, upstream and downstream held" },
        { "middleman", "node.settle", "before settle: downstream settled, it dies before settling upstream" },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Ride_completes_or_refunds_when_a_process_is_killed(string process, string point, string step)
    {
        await using var world = await RideWorld.StartAsync((process, point));
        var armed = world[process];
        var restarted = RestartAfterCrashAsync(world, process, armed);
        var minted = (await world.Admin.AuditAsync(TestContext.Current.CancellationToken)).MintedMsat;

        var outcome = await RideAsync(world);

        Assert.True(armed.Exited.IsCompleted, $"{process} never reached {point} ({step})");
        await restarted.Within();
        Assert.Contains("crash injected at", armed.Output);
        await Bounded.UntilAsync(async () => (await world.Admin.AuditAsync(TestContext.Current.CancellationToken)).HeldMsat == 0, "every held payment to settle or be refunded");
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
        var audit = await world.Admin.AuditAsync(TestContext.Current.CancellationToken);
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
        await armed.Exited.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        await world.RestartAsync(process);
        if (process == "middleman") await world.ConnectedAsync();
    }

    /// <summary>The ride on the sender's control API: request, take the offer, get the contact, report the job done; "completed" or "refunded".</summary>
    private static async Task<string> RideAsync(RideWorld world)
    {
        ControlClient Sender() => world.Control("sender");
        var events = new EventCursor(Sender, (await Sender().InfoAsync()).LastEvent);
        var request = await Sender().RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u9", 600, 20));
        var offer = await events.NextAsync(e => e.Type == "OfferReceived", "OfferReceived");
        await Sender().AcceptAsync(Text(offer, "offerId"));
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
