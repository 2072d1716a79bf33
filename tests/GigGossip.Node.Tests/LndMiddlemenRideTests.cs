using GigGossip.Protocol.Bolt11;
using GigGossip.Cli.Config;
using GigGossip.Lnd;
using GigGossip.Node.Config;
using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Payments;
using GigGossip.Protocol.Engine;

using GigGossip.Node.Tests.Support;

namespace GigGossip.Node.Tests;

/// <summary>
/// A ride over three middlemen where every party runs on its own LND node (the LND double: an HTLC's timelock is the
/// invoice's CLTV delta plus LND's padding and must fit the payer's cltv_limit; LND cancels a held invoice 12 blocks before
/// its HTLC expires). Each hop sizes its invoice from the one downstream (<see cref="LndHoldPlan.UpstreamCltvDelta"/>), so
/// the timeouts shrink toward the settler and every middleman's downstream payment fits the hold its own payer gave it.
/// </summary>
public sealed class LndMiddlemenRideTests : IAsyncLifetime
{
    private const long RiderFundingMsat = 1_000_000_000;
    private const long LiquidityMsat = 1_000_000;
    private const long DriverPriceMsat = 25_000_000;
    private const long RoutingFeeMsat = 1_000;

    private LndRideWorld _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await LndRideWorld.StartAsync("gg-lnd-middlemen-");

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Ride_over_three_middlemen_on_lnd_fits_every_hop_and_conserves_money()
    {
        var total = _world.TotalMoneyMsat();
        var (rider, riderEvents) = await NodeAsync("rider", RiderFundingMsat, work: null);
        var middlemen = new List<NodeHost>();
        for (var i = 1; i <= 3; i++) middlemen.Add((await NodeAsync($"m{i}", LiquidityMsat, work: null)).Host);
        var (driver, driverEvents) = await NodeAsync("driver", LiquidityMsat, new TaxiWork("r3gx", DriverPriceMsat, "driver: call 555-0100"));
        NodeHost[] line = [rider, .. middlemen, driver];
        for (var i = 0; i + 1 < line.Length; i++)
        {
            line[i].Connect(line[i + 1].Address);
            await line[i].Events.WaitForAsync<PeerUp>(cancellationToken: Ct).Within();
        }
        total += RiderFundingMsat + 4 * LiquidityMsat;
        Assert.Equal(total, _world.TotalMoneyMsat());

        using var api = new ControlClient(rider.ControlUri!, rider.ControlToken!);
        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var offer = (await riderEvents.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within()).Offer;
        Assert.Equal(new Protocol.Settlement.SettlerPolicy().NetworkFeeMsat + 4 * RoutingFeeMsat, offer.NetworkAmountMsat);

        var hash = Protocol.Bolt11.PaymentHash.FromBytes(offer.NetworkPaymentHash);
        var deltas = new List<int>();
        foreach (var name in new[] { "m1", "m2", "m3", "driver", "settler" })
            deltas.Add((await _world.Network.Account(name).GetInvoiceAsync(hash, Ct))!.MinFinalCltvExpiryDelta);
        Assert.Equal(SettlerConfig.LndSettlerInvoiceCltvDelta, deltas[^1]);
        var step = LndHoldPlan.UpstreamCltvDelta(SettlerConfig.LndSettlerInvoiceCltvDelta, TimeSpan.FromMilliseconds(new NodePolicy().HoldDeltaMs), _world.Network.Limits)
            - SettlerConfig.LndSettlerInvoiceCltvDelta;
        for (var i = 0; i + 1 < deltas.Count; i++) Assert.Equal(Math.Max(NodeConfig.LndInvoiceCltvDelta, deltas[i + 1] + step), deltas[i]);
        Assert.True(deltas[0] > deltas[1] && deltas[1] > deltas[2] && deltas[2] > deltas[3], "the timeouts shrink toward the settler");

        var networkAccepted = _world.Settler.Host.WhenHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Accepted });
        await api.AcceptAsync(offer.OfferId, Ct);
        await networkAccepted.Within();
        await _world.Effects["rider"].WaitForAsync(e => e is SetNodeTimer { Timer: KeyReveal }).Within();
        await _world.Effects["driver"].WaitForAsync(e => e is SetNodeTimer { Timer: ReplyPreimage }).Within();
        Assert.Equal("driver: call 555-0100", (await _world.PollSettlerUntilAsync("rider", t => t is KeyReveal, riderEvents.WaitForAsync<ContactRevealed>(cancellationToken: Ct))).Contact);

        await _world.Effects["driver"].WaitForAsync(e => e is SetNodeTimer { Timer: ReplyPreimage }, 2).Within();
        var settled = _world.Settler.Host.WhenHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });
        await api.DoneAsync(request.RequestId, Ct);
        await settled.Within();
        foreach (var middleman in middlemen)
            await middleman.Events.WaitForAsync<MoneySettled>(m => m.Incoming, cancellationToken: Ct).Within();
        _world.Network.Time.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        await driverEvents.WaitForAsync<MoneySettled>(m => m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();
        await riderEvents.WaitForAsync<MoneySettled>(m => !m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();

        foreach (var name in new[] { "m1", "m2", "m3" })
            Assert.Equal(LiquidityMsat + RoutingFeeMsat, await _world.Network.Account(name).GetBalanceAsync(Ct));
        Assert.Equal(RiderFundingMsat - DriverPriceMsat - offer.NetworkAmountMsat, await _world.Network.Account("rider").GetBalanceAsync(Ct));
        Assert.Equal(total, _world.TotalMoneyMsat());
        Assert.Equal(0, _world.Network.Ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public void A_route_whose_timelocks_cannot_fit_in_lnd_is_refused_with_the_reason()
    {
        var holdDelta = TimeSpan.FromMilliseconds(new NodePolicy().HoldDeltaMs);
        var delta = SettlerConfig.LndSettlerInvoiceCltvDelta;
        var hops = 0;
        void GrowUntilRefused()
        {
            while (hops < 1_000)
            {
                delta = LndHoldPlan.UpstreamCltvDelta(delta, holdDelta, _world.Network.Limits);
                hops++;
            }
        }
        var refused = Assert.Throws<WalletException>(GrowUntilRefused);
        Assert.Equal(WalletError.InvalidHold, refused.Error);
        Assert.StartsWith("the route cannot fit: ", refused.Message);
        Assert.True(delta + _world.Network.Limits.BlockPadding <= _world.Network.Limits.MaxCltvExpiry);
        Assert.InRange(hops, 90, 110);
        Assert.Throws<WalletException>(() => LndHoldPlan.UpstreamCltvDelta(_world.Network.Limits.MinFinalCltvExpiryDelta - 1, holdDelta, _world.Network.Limits));
    }

    /// <summary>A node host on its own LND double, with the options `giggossip node` gives an lnd wallet (route CLTV deltas included).</summary>
    private Task<(NodeHost Host, NodeEventLog Events)> NodeAsync(string name, long fundingMsat, TaxiWork? work) =>
        _world.NodeAsync(name, fundingMsat, work, new NodePolicy { RoutingFeeMsat = RoutingFeeMsat }, NodeConfig.LndNetworkHoldMs, control: name == "rider", lndRoutes: true);
}
