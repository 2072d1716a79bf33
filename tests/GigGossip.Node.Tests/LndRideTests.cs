using GigGossip.Protocol.Bolt11;
using GigGossip.Node.Config;
using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;

using GigGossip.Node.Tests.Support;

namespace GigGossip.Node.Tests;

/// <summary>
/// A ride where every party runs on its own LND node (the LND double: LND's REST API over HTTPS with a macaroon, money on
/// one ledger that stands for the Lightning network): the settler daemon started from a config file whose wallet is
/// <c>{"kind": "lnd", ...}</c>, the rider's and the driver's node hosts on <c>LndHodlWallet</c>s opened the way the node's
/// config opens them. The settler sees only its own invoices (what LND shows); money is checked across every account.
/// </summary>
public sealed class LndRideTests : IAsyncLifetime
{
    private const long RiderFundingMsat = 1_000_000_000;
    private const long DriverLiquidityMsat = 1_000_000;
    private const long DriverPriceMsat = 25_000_000;

    private LndRideWorld _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await LndRideWorld.StartAsync("gg-lnd-ride-");

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public Task Ride_completes_with_every_party_on_its_own_lnd_node_and_money_conserved_across_every_account() => RideAsync(killSettlerLndAtDone: false);

    /// <summary>
    /// The settler's LND is killed when the rider reports the job done: the settle fails, comes back to the engine and is
    /// retried on its persisted timer once LND is back; the wallet resubscribes and the ride ends as if nothing happened.
    /// </summary>
    [Fact]
    public Task Settlers_lnd_killed_and_restarted_mid_ride_the_ride_resumes_and_settles_with_money_conserved() => RideAsync(killSettlerLndAtDone: true);

    private async Task RideAsync(bool killSettlerLndAtDone)
    {
        var total = _world.TotalMoneyMsat();
        var (rider, riderEvents) = await NodeAsync("rider", RiderFundingMsat, work: null);
        var (driver, driverEvents) = await NodeAsync("driver", DriverLiquidityMsat, new TaxiWork("r3gx", DriverPriceMsat, "driver: call 555-0100"));
        rider.Connect(driver.Address);
        await riderEvents.WaitForAsync<PeerUp>(cancellationToken: Ct).Within();
        Assert.Equal(total + RiderFundingMsat + DriverLiquidityMsat, _world.TotalMoneyMsat());
        total = _world.TotalMoneyMsat();

        using var api = new ControlClient(rider.ControlUri!, rider.ControlToken!);
        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var offer = (await riderEvents.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within()).Offer;
        var networkAccepted = _world.Settler.Host.WhenHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Accepted });
        var replyStated = _world.Settler.Host.WhenHandled(i => i is SettlerCallReceived { Request: ReplyAcceptedRequest });
        await api.AcceptAsync(offer.OfferId, Ct);
        await Task.WhenAll(networkAccepted, replyStated).Within();
        await _world.Effects["rider"].WaitForAsync(e => e is SetNodeTimer { Timer: KeyReveal }).Within();
        await _world.Effects["driver"].WaitForAsync(e => e is SetNodeTimer { Timer: ReplyPreimage }).Within();
        var revealed = await _world.PollSettlerUntilAsync("rider", t => t is KeyReveal, riderEvents.WaitForAsync<ContactRevealed>(cancellationToken: Ct));
        Assert.Equal("driver: call 555-0100", revealed.Contact);

        // The driver has asked for the reply preimage once and been told to wait (its timer set again). The rider's contact
        // can come before any clock move has fired the driver's first poll, so the clock moves until it has.
        await _world.PollSettlerUntilAsync("driver", t => t is ReplyPreimage, _world.Effects["driver"].WaitForAsync(e => e is SetNodeTimer { Timer: ReplyPreimage }, 2));
        var settled = _world.Settler.Host.WhenHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });
        if (killSettlerLndAtDone)
        {
            var failed = _world.Settler.Host.WhenHandled(i => i is InvoiceCallFailed { Settle: true });
            await _world.SettlerLnd.StopAsync();
            await api.DoneAsync(request.RequestId, Ct);
            await failed.Within();
            Assert.Equal(GigGossip.Protocol.Bolt11.InvoiceState.Accepted, (await _world.Network.Account("settler").GetInvoiceAsync(
                Protocol.Bolt11.PaymentHash.FromBytes(offer.NetworkPaymentHash), Ct))!.State);
            await _world.SettlerLnd.StartAsync();
            _world.Network.Time.Advance(TimeSpan.FromMilliseconds(new Protocol.Settlement.SettlerPolicy().WalletRetryMs));
        }
        else
        {
            await api.DoneAsync(request.RequestId, Ct);
        }
        await settled.Within();
        await riderEvents.WaitForAsync<MoneySettled>(m => !m.Incoming && m.AmountMsat != DriverPriceMsat, cancellationToken: Ct).Within();
        _world.Network.Time.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        await driverEvents.WaitForAsync<MoneySettled>(m => m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();
        await riderEvents.WaitForAsync<MoneySettled>(m => !m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();

        Assert.Equal(1_000, await _world.Network.Account("settler").GetBalanceAsync(Ct));
        Assert.Equal(DriverLiquidityMsat + DriverPriceMsat + 1_000, await _world.Network.Account("driver").GetBalanceAsync(Ct));
        Assert.Equal(RiderFundingMsat - DriverPriceMsat - 2_000, await _world.Network.Account("rider").GetBalanceAsync(Ct));
        Assert.Equal(total, _world.TotalMoneyMsat());
        Assert.Equal(0, _world.Network.Ledger.Audit().Totals.HeldMsat);
    }

    private Task<(NodeHost Host, NodeEventLog Events)> NodeAsync(string name, long fundingMsat, TaxiWork? work) =>
        _world.NodeAsync(name, fundingMsat, work, new NodePolicy(), NodeConfig.LndHoldMs, control: work is null);
}
