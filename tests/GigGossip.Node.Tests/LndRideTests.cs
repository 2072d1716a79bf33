using GigGossip.Protocol.Bolt11;
using System.Text.Json.Nodes;
using GigGossip.Cli.Config;
using GigGossip.Lnd.Tests.Double;
using GigGossip.Node.Config;
using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;

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

    private readonly string _dir = Directory.CreateTempSubdirectory("gg-lnd-ride-").FullName;
    private readonly LndDoubleNetwork _network = new();
    private readonly List<LndDouble> _doubles = [];
    private readonly List<NodeHost> _hosts = [];
    private readonly Dictionary<string, AsyncLog<EngineEffect>> _effects = [];
    private SettlerServer _settler = null!;
    private LndDouble _settlerLnd = null!;
    private SettlerHttpClient _settlerClient = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var settlerLnd = _settlerLnd = await DoubleAsync("settler");
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
        var options = SettlerConfig.Load(config, time: _network.Time);
        _settler = await SettlerServer.StartAsync(options, Ct);
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
    public Task Ride_completes_with_every_party_on_its_own_lnd_node_and_money_conserved_across_every_account() => RideAsync(killSettlerLndAtDone: false);

    /// <summary>
    /// The settler's LND is killed when the rider reports the job done: the settle fails, comes back to the engine and is
    /// retried on its persisted timer once LND is back; the wallet resubscribes and the ride ends as if nothing happened.
    /// </summary>
    [Fact]
    public Task Settlers_lnd_killed_and_restarted_mid_ride_the_ride_resumes_and_settles_with_money_conserved() => RideAsync(killSettlerLndAtDone: true);

    private async Task RideAsync(bool killSettlerLndAtDone)
    {
        var total = TotalMoneyMsat();
        var (rider, riderEvents) = await NodeAsync("rider", RiderFundingMsat, work: null);
        var (driver, driverEvents) = await NodeAsync("driver", DriverLiquidityMsat, new TaxiWork("r3gx", DriverPriceMsat, "driver: call 555-0100"));
        rider.Connect(driver.Address);
        await riderEvents.WaitForAsync<PeerUp>(cancellationToken: Ct).Within();
        Assert.Equal(total + RiderFundingMsat + DriverLiquidityMsat, TotalMoneyMsat());
        total = TotalMoneyMsat();

        using var api = new ControlClient(rider.ControlUri!, rider.ControlToken!);
        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var offer = (await riderEvents.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within()).Offer;
        var networkAccepted = _settler.Host.WhenHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Accepted });
        var replyStated = _settler.Host.WhenHandled(i => i is SettlerCallReceived { Request: ReplyAcceptedRequest });
        await api.AcceptAsync(offer.OfferId, Ct);
        await Task.WhenAll(networkAccepted, replyStated).Within();
        await _effects["rider"].WaitForAsync(e => e is SetNodeTimer { Timer: KeyReveal }).Within();
        await _effects["driver"].WaitForAsync(e => e is SetNodeTimer { Timer: ReplyPreimage }).Within();
        _network.Time.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        var revealed = await riderEvents.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within();
        Assert.Equal("driver: call 555-0100", revealed.Contact);

        await _effects["driver"].WaitForAsync(e => e is SetNodeTimer { Timer: ReplyPreimage }, 2).Within();
        var settled = _settler.Host.WhenHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });
        if (killSettlerLndAtDone)
        {
            var failed = _settler.Host.WhenHandled(i => i is InvoiceCallFailed { Settle: true });
            await _settlerLnd.StopAsync();
            await api.DoneAsync(request.RequestId, Ct);
            await failed.Within();
            Assert.Equal(GigGossip.Protocol.Bolt11.InvoiceState.Accepted, (await _network.Account("settler").GetInvoiceAsync(
                Protocol.Bolt11.PaymentHash.FromBytes(offer.NetworkPaymentHash), Ct))!.State);
            await _settlerLnd.StartAsync();
            _network.Time.Advance(TimeSpan.FromMilliseconds(new Protocol.Settlement.SettlerPolicy().WalletRetryMs));
        }
        else
        {
            await api.DoneAsync(request.RequestId, Ct);
        }
        await settled.Within();
        await riderEvents.WaitForAsync<MoneySettled>(m => !m.Incoming && m.AmountMsat != DriverPriceMsat, cancellationToken: Ct).Within();
        _network.Time.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        await driverEvents.WaitForAsync<MoneySettled>(m => m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();
        await riderEvents.WaitForAsync<MoneySettled>(m => !m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();

        Assert.Equal(1_000, await _network.Account("settler").GetBalanceAsync(Ct));
        Assert.Equal(DriverLiquidityMsat + DriverPriceMsat + 1_000, await _network.Account("driver").GetBalanceAsync(Ct));
        Assert.Equal(RiderFundingMsat - DriverPriceMsat - 2_000, await _network.Account("rider").GetBalanceAsync(Ct));
        Assert.Equal(total, TotalMoneyMsat());
        Assert.Equal(0, _network.Ledger.Audit().Totals.HeldMsat);
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

    /// <summary>The config's wallet section for <paramref name="lnd"/>, with its macaroon and tls.cert written as LND writes them.</summary>
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

    private async Task<(NodeHost Host, NodeEventLog Events)> NodeAsync(string name, long fundingMsat, TaxiWork? work)
    {
        var lnd = await DoubleAsync(name);
        _network.Ledger.Fund(name, fundingMsat);
        WalletSection(lnd, name);
        var wallet = NodeWallets.OpenLnd(new LndWalletConfig(lnd.RestUrl, Path.Combine(_dir, name + ".macaroon"), Path.Combine(_dir, name + "-tls.cert")), _network.Time);
        var key = SecretKey.Generate();
        var now = _network.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await _settlerClient.RegisterAsync(key, now, Ct);
        using (var admin = new SettlerAdminClient(_settler.BaseUri, _settler.AdminToken))
            await admin.GrantAsync(key.PublicKey, "driving_licence", cancellationToken: Ct);
        var certificate = await _settlerClient.RequestCertificateAsync(key, now, Ct);
        var effects = _effects[name] = new AsyncLog<EngineEffect>();
        var host = await NodeHost.StartAsync(new NodeHostOptions
        {
            Identity = new NodeIdentity(key, certificate),
            Wallet = wallet,
            Settlers = uri => uri == _settler.Host.Uri ? _settlerClient : null,
            StatePath = Path.Combine(_dir, name, "state.db"),
            TrustedSettlers = [new TrustedSettlerAddress(_settler.Host.Uri, _settler.Host.PublicKey)],
            Policy = new NodePolicy(),
            Sender = new SenderPolicy { AutoAcceptBestOffer = false, NetworkHoldMs = NodeConfig.LndHoldMs, ReplyHoldMs = NodeConfig.LndHoldMs },
            InvoiceCltvDelta = NodeConfig.LndInvoiceCltvDelta,
            Work = work,
            WorkSettlerUri = _settler.Host.Uri,
            Time = _network.Time,
            Control = work is null ? new ControlApiOptions(Path.Combine(_dir, name, "control.token")) : null,
            PowThreads = 1,
            EffectObserver = effects.Add,
        }, Ct);
        _hosts.Add(host);
        return (host, host.Events);
    }
}
