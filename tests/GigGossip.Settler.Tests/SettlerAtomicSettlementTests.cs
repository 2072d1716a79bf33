using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;
using GigGossip.Settler.Tests.Support;
using InvoiceState = GigGossip.Protocol.Bolt11.InvoiceState;

namespace GigGossip.Settler.Tests;

/// <summary>
/// Half a settlement: the settler's wallet fails to settle the network invoice. The reply preimage must stay unpublished
/// (the driver would be paid while the network chain is not), and the settle is tried again later until it goes through.
/// </summary>
public sealed class SettlerAtomicSettlementTests : MoneyConservingSettlerTests
{
    private FailingSettleWallet _wallet = null!;

    protected override Task<SettlerWorld> StartWorldAsync() => SettlerWorld.StartAsync(wrapWallet: w => _wallet = new FailingSettleWallet(w));

    [Fact]
    public async Task Reply_preimage_is_not_published_while_the_network_settle_fails_and_the_settle_is_retried()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        await ride.RevealedAsync();
        _wallet.FailSettles = true;
        var failed = World.WhenSettlerHandled(i => i is InvoiceCallFailed { Settle: true });

        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
        await failed.Within();

        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(new PreimageRequest(ride.ReplyHash))).Reason);
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(new PreimageRequest(ride.NetworkHash))).Reason);
        Assert.Equal(SettlerWorld.DriverPrice + 1_000, World.Ledger.Audit().Totals.HeldMsat);

        var failedAgain = World.WhenSettlerHandled(i => i is InvoiceCallFailed { Settle: true });
        World.Time.Advance(TimeSpan.FromMilliseconds(new Protocol.Settlement.SettlerPolicy().WalletRetryMs));
        await failedAgain.Within();
        Assert.Equal(2, _wallet.FailedSettles);

        _wallet.FailSettles = false;
        var settled = World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });
        World.Time.Advance(TimeSpan.FromMilliseconds(2 * new Protocol.Settlement.SettlerPolicy().WalletRetryMs));
        await settled.Within();

        await ride.DriverCollectsAsync();
        Assert.Equal(SettlerWorld.DriverPrice, World.Balance(World.Driver));
        Assert.Equal(1_000, World.SettlerBalance);
        Assert.Equal(SettlerWorld.SenderFunding - SettlerWorld.DriverPrice - 1_000, World.Balance(World.Sender));
        Assert.Equal(0, World.Ledger.Audit().Totals.HeldMsat);
    }
}
