using GigGossip.Protocol.Bolt11;
using GigGossip.Crash.Tests.ScaleOut;
using GigGossip.Payments;
using GigGossip.Settler.Tests.Support;

namespace GigGossip.Crash.Tests;

/// <summary>
/// Two settler processes on one PostgreSQL database; B dies (as abruptly as kill -9) right after it commits its third
/// decision to settle, before its wallet call. The other process makes that settle when the decision's guard timer is due:
/// every ride is paid once, and the money adds up (docs/operator/settler-scale-out.md).
/// </summary>
public sealed class SettlerScaleOutCrashPointTests(PostgresFixture postgres)
{
    private const int Rides = 20;
    private const int People = 10;

    [Fact]
    public async Task Settle_decided_by_a_process_that_dies_before_its_wallet_call_is_made_by_the_other()
    {
        var database = await postgres.DatabaseAsync();
        await using var world = await ScaleOutWorld.StartAsync(database, People, Rides / People * (ScaleOutWorld.PriceMsat + ScaleOutWorld.FeeMsat) + 1_000_000,
            new Dictionary<string, string> { [CrashPoint.Variable] = "settler.settled#3" });
        var rides = Enumerable.Range(0, Rides).Select(i => new ScaleOutRide(world, world.Senders[i % People], world.Drivers[i % People], settle: true)).ToList();

        await Task.WhenAll(rides.Select(r => Task.Run(() => r.RunAsync(() => { })))).Within(TimeSpan.FromMinutes(2));

        await world.Settlers["B"].Exited.Within();
        Assert.Contains("crash injected at settler.settled#3", world.Settlers["B"].Output);
        var settler = world.Wallet.Wallet.OpenAccount(world.SettlerKey.ToHex());
        foreach (var ride in rides)
            Assert.Equal(InvoiceState.Settled, (await settler.GetInvoiceAsync(Protocol.Bolt11.PaymentHash.FromBytes(ride.NetworkHash), TestContext.Current.CancellationToken))!.State);
        var audit = world.Wallet.Wallet.Audit();
        Assert.True(audit.Balanced, string.Join("; ", audit.Problems));
        Assert.Equal((world.Funded, 0L), (audit.Totals.AccountsMsat + audit.Totals.HeldMsat, audit.Totals.HeldMsat));
        Assert.Equal(Rides * ScaleOutWorld.FeeMsat, await settler.GetBalanceAsync(TestContext.Current.CancellationToken));
    }
}
