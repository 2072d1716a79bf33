using GigGossip.Protocol.Engine;
using GigGossip.Settler.Tests.Support;
using InvoiceState = GigGossip.Protocol.Engine.InvoiceState;

namespace GigGossip.Settler.Tests;

/// <summary>
/// Half a settlement: the settler's wallet fails to settle the network invoice. The reply preimage must stay unpublished
/// (the driver would be paid while the network chain is not), and the settle is tried again later until it goes through.
/// </summary>
public sealed class SettlerAtomicSettlementTests : IAsyncLifetime
{
    private SettlerWorld _world = null!;
    private FailingSettleWallet _wallet = null!;
    private long _total;

    public async ValueTask InitializeAsync()
    {
        _world = await SettlerWorld.StartAsync(wrapWallet: w => _wallet = new FailingSettleWallet(w));
        var totals = _world.Ledger.Audit().Totals;
        _total = totals.AccountsMsat + totals.HeldMsat;
    }

    public async ValueTask DisposeAsync()
    {
        var audit = _world.Ledger.Audit();
        Assert.True(audit.Balanced, string.Join("; ", audit.Problems));
        Assert.Equal(_total, audit.Totals.AccountsMsat + audit.Totals.HeldMsat);
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task Reply_preimage_is_not_published_while_the_network_settle_fails_and_the_settle_is_retried()
    {
        var ride = await (await Ride.CertifiedAsync(_world)).PromisedAsync();
        await ride.RevealedAsync();
        _wallet.FailSettles = true;
        var failed = _world.WhenSettlerHandled(i => i is InvoiceCallFailed { Settle: true });

        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
        await failed.Within();

        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(new PreimageRequest(ride.ReplyHash))).Reason);
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(new PreimageRequest(ride.NetworkHash))).Reason);
        Assert.Equal(SettlerWorld.DriverPrice + 1_000, _world.Ledger.Audit().Totals.HeldMsat);

        var failedAgain = _world.WhenSettlerHandled(i => i is InvoiceCallFailed { Settle: true });
        _world.Time.Advance(TimeSpan.FromMilliseconds(new Protocol.Settlement.SettlerPolicy().WalletRetryMs));
        await failedAgain.Within();
        Assert.Equal(2, _wallet.FailedSettles);

        _wallet.FailSettles = false;
        var settled = _world.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });
        _world.Time.Advance(TimeSpan.FromMilliseconds(2 * new Protocol.Settlement.SettlerPolicy().WalletRetryMs));
        await settled.Within();

        await ride.DriverCollectsAsync();
        Assert.Equal(SettlerWorld.DriverPrice, _world.Balance(_world.Driver));
        Assert.Equal(1_000, _world.SettlerBalance);
        Assert.Equal(SettlerWorld.SenderFunding - SettlerWorld.DriverPrice - 1_000, _world.Balance(_world.Sender));
        Assert.Equal(0, _world.Ledger.Audit().Totals.HeldMsat);
    }
}
