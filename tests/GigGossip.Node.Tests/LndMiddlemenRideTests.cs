using GigGossip.Protocol.Bolt11;
using System.Text.Json.Nodes;
using GigGossip.Cli.Config;
using GigGossip.Lnd;
using GigGossip.Lnd.Tests.Double;
using GigGossip.Node.Config;
using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;

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

    private readonly string _dir = Directory.CreateTempSubdirectory("gg-lnd-middlemen-").FullName;
    private readonly LndDoubleNetwork _network = new();
    private readonly List<LndDouble> _doubles = [];
    private readonly List<NodeHost> _hosts = [];
    private readonly Dictionary<string, AsyncLog<EngineEffect>> _effects = [];
    private SettlerServer _settler = null!;
    private SettlerHttpClient _settlerClient = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var settlerLnd = await DoubleAsync("settler");
        var config = Path.Combine(_dir, "settler.json");
        File.WriteAllText(config, new JsonObject
        {
            ["settler"] = new JsonObject
            {
                ["database"] = "settler.db",
                ["adminTokenFile"] = "settler-admin.token",
                ["port"] = 0,
                ["wallet"] = WalletSection(settlerLnd, "settler"),
            },
        }.ToJsonString());
        _settler = await SettlerServer.StartAsync(SettlerConfig.Load(config, time: _network.Time), Ct);
        _settlerClient = new SettlerHttpClient(_settler.BaseUri, _settler.Host.Uri);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        _settlerClient?.Dispose();
        if (_settler is not null) await _settler.DisposeAsync();
        foreach (var lnd in _doubles) await lnd.DisposeAsync();
        _network.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Ride_over_three_middlemen_on_lnd_fits_every_hop_and_conserves_money()
    {
        var total = TotalMoneyMsat();
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
        Assert.Equal(total, TotalMoneyMsat());

        using var api = new ControlClient(rider.ControlUri!, rider.ControlToken!);
        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var offer = (await riderEvents.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within()).Offer;
        Assert.Equal(new Protocol.Settlement.SettlerPolicy().NetworkFeeMsat + 4 * RoutingFeeMsat, offer.NetworkAmountMsat);

        var hash = Protocol.Bolt11.PaymentHash.FromBytes(offer.NetworkPaymentHash);
        var deltas = new List<int>();
        foreach (var name in new[] { "m1", "m2", "m3", "driver", "settler" })
            deltas.Add((await _network.Account(name).GetInvoiceAsync(hash, Ct))!.MinFinalCltvExpiryDelta);
        Assert.Equal(SettlerConfig.LndSettlerInvoiceCltvDelta, deltas[^1]);
        var step = LndHoldPlan.UpstreamCltvDelta(SettlerConfig.LndSettlerInvoiceCltvDelta, TimeSpan.FromMilliseconds(new NodePolicy().HoldDeltaMs), _network.Limits)
            - SettlerConfig.LndSettlerInvoiceCltvDelta;
        for (var i = 0; i + 1 < deltas.Count; i++) Assert.Equal(Math.Max(NodeConfig.LndInvoiceCltvDelta, deltas[i + 1] + step), deltas[i]);
        Assert.True(deltas[0] > deltas[1] && deltas[1] > deltas[2] && deltas[2] > deltas[3], "the timeouts shrink toward the settler");

        var networkAccepted = _settler.Host.WhenHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Accepted });
        await api.AcceptAsync(offer.OfferId, Ct);
        await networkAccepted.Within();
        await _effects["rider"].WaitForAsync(e => e is SetNodeTimer { Timer: KeyReveal }).Within();
        await _effects["driver"].WaitForAsync(e => e is SetNodeTimer { Timer: ReplyPreimage }).Within();
        _network.Time.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        Assert.Equal("driver: call 555-0100", (await riderEvents.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within()).Contact);

        await _effects["driver"].WaitForAsync(e => e is SetNodeTimer { Timer: ReplyPreimage }, 2).Within();
        var settled = _settler.Host.WhenHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });
        await api.DoneAsync(request.RequestId, Ct);
        await settled.Within();
        foreach (var middleman in middlemen)
            await middleman.Events.WaitForAsync<MoneySettled>(m => m.Incoming, cancellationToken: Ct).Within();
        _network.Time.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        await driverEvents.WaitForAsync<MoneySettled>(m => m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();
        await riderEvents.WaitForAsync<MoneySettled>(m => !m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();

        foreach (var name in new[] { "m1", "m2", "m3" })
            Assert.Equal(LiquidityMsat + RoutingFeeMsat, await _network.Account(name).GetBalanceAsync(Ct));
        Assert.Equal(RiderFundingMsat - DriverPriceMsat - offer.NetworkAmountMsat, await _network.Account("rider").GetBalanceAsync(Ct));
        Assert.Equal(total, TotalMoneyMsat());
        Assert.Equal(0, _network.Ledger.Audit().Totals.HeldMsat);
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
                delta = LndHoldPlan.UpstreamCltvDelta(delta, holdDelta, _network.Limits);
                hops++;
            }
        }
        var refused = Assert.Throws<WalletException>(GrowUntilRefused);
        Assert.Equal(WalletError.InvalidHold, refused.Error);
        Assert.StartsWith("the route cannot fit: ", refused.Message);
        Assert.True(delta + _network.Limits.BlockPadding <= _network.Limits.MaxCltvExpiry);
        Assert.InRange(hops, 90, 110);
        Assert.Throws<WalletException>(() => LndHoldPlan.UpstreamCltvDelta(_network.Limits.MinFinalCltvExpiryDelta - 1, holdDelta, _network.Limits));
    }

    private long TotalMoneyMsat()
    {
        var totals = _network.Ledger.Audit().Totals;
        return totals.AccountsMsat + totals.HeldMsat;
    }

    private async Task<LndDouble> DoubleAsync(string account)
    {
        var lnd = new LndDouble(_network, account);
        await lnd.StartAsync();
        _network.Account(account);
        _doubles.Add(lnd);
        return lnd;
    }

    private JsonObject WalletSection(LndDouble lnd, string name)
    {
        File.WriteAllBytes(Path.Combine(_dir, name + ".macaroon"), Convert.FromHexString(lnd.MacaroonHex));
        File.WriteAllText(Path.Combine(_dir, name + "-tls.cert"), lnd.Certificate.ExportCertificatePem());
        return new JsonObject
        {
            ["kind"] = "lnd",
            ["restUrl"] = lnd.RestUrl.AbsoluteUri,
            ["macaroonFile"] = name + ".macaroon",
            ["tlsCertFile"] = name + "-tls.cert",
        };
    }

    /// <summary>A node host on its own LND double, with the options `giggossip node` gives an lnd wallet (route CLTV deltas included).</summary>
    private async Task<(NodeHost Host, NodeEventLog Events)> NodeAsync(string name, long fundingMsat, TaxiWork? work)
    {
        var lnd = await DoubleAsync(name);
        _network.Ledger.Fund(name, fundingMsat);
        WalletSection(lnd, name);
        var lndConfig = new LndWalletConfig(lnd.RestUrl, Path.Combine(_dir, name + ".macaroon"), Path.Combine(_dir, name + "-tls.cert"));
        var wallet = NodeWallets.OpenLnd(lndConfig, _network.Time);
        var key = SecretKey.Generate();
        var now = _network.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await _settlerClient.RegisterAsync(key, now, Ct);
        using (var admin = new SettlerAdminClient(_settler.BaseUri, _settler.AdminToken))
            await admin.GrantAsync(key.PublicKey, "driving_licence", cancellationToken: Ct);
        var certificate = await _settlerClient.RequestCertificateAsync(key, now, Ct);
        var effects = _effects[name] = new AsyncLog<EngineEffect>();
        var options = new NodeHostOptions
        {
            Identity = new NodeIdentity(key, certificate),
            Wallet = wallet,
            Settlers = uri => uri == _settler.Host.Uri ? _settlerClient : null,
            StatePath = Path.Combine(_dir, name, "state.db"),
            TrustedSettlers = [new TrustedSettlerAddress(_settler.Host.Uri, _settler.Host.PublicKey)],
            Policy = new NodePolicy { RoutingFeeMsat = RoutingFeeMsat },
            Sender = new SenderPolicy { AutoAcceptBestOffer = false, NetworkHoldMs = NodeConfig.LndNetworkHoldMs, ReplyHoldMs = NodeConfig.LndHoldMs },
            InvoiceCltvDelta = NodeConfig.LndInvoiceCltvDelta,
            Work = work,
            WorkSettlerUri = _settler.Host.Uri,
            Time = _network.Time,
            Control = name == "rider" ? new ControlApiOptions(Path.Combine(_dir, name, "control.token")) : null,
            PowThreads = 1,
            EffectObserver = effects.Add,
        };
        var host = await NodeHost.StartAsync(LndRoutes.Apply(options, new Node.Config.WalletConfig(lnd.RestUrl, key) { Lnd = lndConfig }), Ct);
        _hosts.Add(host);
        return (host, host.Events);
    }
}
