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

namespace GigGossip.Node.Tests.Support;

/// <summary>
/// Rides where every party runs on its own LND double (LND's REST API over HTTPS with a macaroon, money on one ledger that
/// stands for the Lightning network): the settler daemon started from a config file whose wallet is <c>{"kind": "lnd"}</c>,
/// node hosts on <c>LndHodlWallet</c>s opened the way the node's config opens them, one clock for all.
/// </summary>
internal sealed class LndRideWorld : IAsyncDisposable
{
    private readonly List<LndDouble> _doubles = [];
    private readonly List<NodeHost> _hosts = [];

    private LndRideWorld(string prefix) => Dir = Directory.CreateTempSubdirectory(prefix).FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public string Dir { get; }

    public LndDoubleNetwork Network { get; } = new();

    public LndDouble SettlerLnd { get; private set; } = null!;

    public SettlerServer Settler { get; private set; } = null!;

    public SettlerHttpClient SettlerClient { get; private set; } = null!;

    /// <summary>Every effect each node's engine asked for, by node name.</summary>
    public Dictionary<string, AsyncLog<EngineEffect>> Effects { get; } = [];

    /// <summary>
    /// Moves the test clock one settler poll at a time until <paramref name="outcome"/> completes: each time the node re-arms the
    /// poll <paramref name="timer"/> (the settler was not ready yet when it asked), the clock moves again, as a real clock would.
    /// </summary>
    public async Task<T> PollSettlerUntilAsync<T>(string node, Func<Correlation, bool> timer, Task<T> outcome, int maxPolls = 20)
    {
        var armed = Effects[node].Items.Count(e => e is SetNodeTimer t && timer(t.Timer));
        for (var poll = 0; poll < maxPolls && !outcome.IsCompleted; poll++)
        {
            var rearmed = Effects[node].WaitForAsync(e => e is SetNodeTimer t && timer(t.Timer), armed + 1);
            Network.Time.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
            await Task.WhenAny(outcome, rearmed).Within();
            armed++;
        }
        return await outcome.Within();
    }

    /// <summary>The settler daemon on its own LND double, started from a config file.</summary>
    public static async Task<LndRideWorld> StartAsync(string prefix)
    {
        var world = new LndRideWorld(prefix);
        var settlerLnd = world.SettlerLnd = await world.DoubleAsync("settler");
        var config = Path.Combine(world.Dir, "settler.json");
        File.WriteAllText(config, new JsonObject
        {
            ["settler"] = new JsonObject
            {
                ["database"] = "settler.db",
                ["adminTokenFile"] = "settler-admin.token",
                ["port"] = 0,
                ["wallet"] = world.WalletSection(settlerLnd, "settler"),
            },
        }.ToJsonString());
        world.Settler = await SettlerServer.StartAsync(SettlerConfig.Load(config, time: world.Network.Time), Ct);
        world.SettlerClient = new SettlerHttpClient(world.Settler.BaseUri, world.Settler.Host.Uri);
        return world;
    }

    /// <summary>Money on every account plus what is held: a ride moves it, never makes or loses it.</summary>
    public long TotalMoneyMsat()
    {
        var totals = Network.Ledger.Audit().Totals;
        return totals.AccountsMsat + totals.HeldMsat;
    }

    /// <summary>
    /// A node host on its own LND double with <paramref name="fundingMsat"/> on its account, registered and certified (with a
    /// driving licence) at the settler; <paramref name="lndRoutes"/> gives it the route CLTV deltas `giggossip node` gives an lnd wallet.
    /// </summary>
    public async Task<(NodeHost Host, NodeEventLog Events)> NodeAsync(string name, long fundingMsat, TaxiWork? work, NodePolicy policy, long networkHoldMs,
        bool control, bool lndRoutes = false)
    {
        var lnd = await DoubleAsync(name);
        Network.Ledger.Fund(name, fundingMsat);
        WalletSection(lnd, name);
        var lndConfig = new LndWalletConfig(lnd.RestUrl, Path.Combine(Dir, name + ".macaroon"), Path.Combine(Dir, name + "-tls.cert"));
        var key = SecretKey.Generate();
        var now = Network.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await SettlerClient.RegisterAsync(key, now, Ct);
        using (var admin = new SettlerAdminClient(Settler.BaseUri, Settler.AdminToken))
            await admin.GrantAsync(key.PublicKey, "driving_licence", cancellationToken: Ct);
        var certificate = await SettlerClient.RequestCertificateAsync(key, now, Ct);
        var effects = Effects[name] = new AsyncLog<EngineEffect>();
        var options = new NodeHostOptions
        {
            Identity = new NodeIdentity(key, certificate),
            Wallet = NodeWallets.OpenLnd(lndConfig, Network.Time),
            Settlers = uri => uri == Settler.Host.Uri ? SettlerClient : null,
            StatePath = Path.Combine(Dir, name, "state.db"),
            TrustedSettlers = [new TrustedSettlerAddress(Settler.Host.Uri, Settler.Host.PublicKey)],
            Policy = policy,
            Sender = new SenderPolicy { AutoAcceptBestOffer = false, NetworkHoldMs = networkHoldMs, ReplyHoldMs = NodeConfig.LndHoldMs },
            InvoiceCltvDelta = NodeConfig.LndInvoiceCltvDelta,
            Work = work,
            WorkSettlerUri = Settler.Host.Uri,
            Time = Network.Time,
            Control = control ? new ControlApiOptions(Path.Combine(Dir, name, "control.token")) : null,
            PowThreads = 1,
            EffectObserver = effects.Add,
        };
        if (lndRoutes) options = LndRoutes.Apply(options, new WalletConfig(lnd.RestUrl, key) { Lnd = lndConfig });
        var host = await NodeHost.StartAsync(options, Ct);
        _hosts.Add(host);
        return (host, host.Events);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        SettlerClient?.Dispose();
        if (Settler is not null) await Settler.DisposeAsync();
        foreach (var lnd in _doubles) await lnd.DisposeAsync();
        Network.Dispose();
        Directory.Delete(Dir, recursive: true);
    }

    private async Task<LndDouble> DoubleAsync(string account)
    {
        var lnd = new LndDouble(Network, account);
        await lnd.StartAsync();
        Network.Account(account);
        _doubles.Add(lnd);
        return lnd;
    }

    /// <summary>The config's wallet section for <paramref name="lnd"/>, with its macaroon and tls.cert written as LND writes them.</summary>
    private JsonObject WalletSection(LndDouble lnd, string name)
    {
        File.WriteAllBytes(Path.Combine(Dir, name + ".macaroon"), Convert.FromHexString(lnd.MacaroonHex));
        File.WriteAllText(Path.Combine(Dir, name + "-tls.cert"), lnd.Certificate.ExportCertificatePem());
        return new JsonObject
        {
            ["kind"] = "lnd",
            ["restUrl"] = lnd.RestUrl.AbsoluteUri,
            ["macaroonFile"] = name + ".macaroon",
            ["tlsCertFile"] = name + "-tls.cert",
        };
    }
}
