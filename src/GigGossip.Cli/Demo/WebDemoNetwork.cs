using System.Diagnostics;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Settler;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;
using GigGossip.Simulation;
using GigGossip.Wallet;
using GigGossip.Wallet.Client;

namespace GigGossip.Cli.Demo;

/// <summary>
/// A network for people with browsers, on 127.0.0.1: a wallet service, a settler service (with its operator console),
/// and node daemons over BOLT 8 on a random connected graph. Node 0 is the rider (funded, choosing offers itself),
/// node 1 a driver who goes online from the browser; both have their control API and app. Some other nodes may
/// drive on their own. Everything lives in a temp directory deleted on dispose.
/// </summary>
public sealed class WebDemoNetwork : IAsyncDisposable
{
    public const long RiderFundingMsat = 1_000_000_000;
    public const long RoutingLiquidityMsat = 1_000_000;
    public const string Area = "r3gx";

    private readonly string _directory;
    private readonly List<NodeHost> _hosts = [];
    private readonly List<IDisposable> _clients = [];
    private WalletServer? _wallet;
    private SettlerServer? _settler;

    private WebDemoNetwork(string directory) => _directory = directory;

    public NodeHost Rider => _hosts[0];

    public NodeHost Driver => _hosts[1];

    public IReadOnlyList<NodeHost> Nodes => _hosts;

    public SettlerServer Settler => _settler!;

    /// <summary>The control token file of node <paramref name="index"/> (0: rider, 1: driver).</summary>
    public string ControlTokenFile(int index) => Path.Combine(_directory, $"n{index}", "control.token");

    /// <summary>The settler's admin token file.</summary>
    public string SettlerAdminTokenFile => Path.Combine(_directory, "settler.token");

    /// <summary>The wallet service's ledger file (for <c>giggossip wallet check</c>).</summary>
    public string LedgerPath => Path.Combine(_directory, "wallet.db");

    public WalletAdminClient Admin { get; private set; } = null!;

    /// <summary>Every account plus everything held, when the network came up.</summary>
    public long TotalMsatAtStart { get; private set; }

    /// <param name="nodes">3 or more: the rider, the browser driver, middlemen.</param>
    /// <param name="autoDrivers">Other nodes that take rides in <see cref="Area"/> on their own.</param>
    public static async Task<WebDemoNetwork> StartAsync(int nodes, int autoDrivers, int seed, CancellationToken cancellationToken)
    {
        if (nodes < 3 || autoDrivers > nodes - 2) throw new ArgumentOutOfRangeException(nameof(nodes), "need 3+ nodes and at most nodes-2 automatic drivers");
        var network = new WebDemoNetwork(Directory.CreateTempSubdirectory("giggossip-web-demo-").FullName);
        try
        {
            await network.BuildAsync(nodes, autoDrivers, seed, cancellationToken);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private async Task BuildAsync(int nodes, int autoDrivers, int seed, CancellationToken cancellationToken)
    {
        _wallet = await WalletServer.StartAsync(new WalletServerOptions
        {
            LedgerPath = Path.Combine(_directory, "wallet.db"),
            AdminTokenFile = Path.Combine(_directory, "wallet.token"),
        }, cancellationToken);
        _settler = await SettlerServer.StartAsync(new SettlerServerOptions
        {
            Database = Path.Combine(_directory, "settler.db"),
            AdminTokenFile = Path.Combine(_directory, "settler.token"),
            WalletUri = _wallet.BaseUri,
        }, cancellationToken);
        Admin = new WalletAdminClient(_wallet.BaseUri, _wallet.AdminToken);
        _clients.Add(Admin);
        var settlerUri = _settler.Host.Uri;
        var settlerClient = new SettlerHttpClient(_settler.BaseUri, settlerUri);
        _clients.Add(settlerClient);
        var random = new Random(seed);
        var autoSlots = Enumerable.Range(2, nodes - 2).OrderBy(_ => random.Next()).Take(autoDrivers).ToHashSet();
        for (var i = 0; i < nodes; i++)
        {
            var key = SecretKey.Generate();
            var drives = i == 1 || autoSlots.Contains(i);
            await _settler.Host.RegisterAsync(SubjectProof.Create(SubjectAction.Register, key, _settler.Host.PublicKey, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), cancellationToken);
            if (drives) await _settler.Host.GrantAsync(key.PublicKey, "driving_licence", [1], cancellationToken);
            var certificate = await _settler.Host.IssueCertificateAsync(key.PublicKey, cancellationToken);
            await Admin.FundAsync(key.PublicKey.ToHex(), (i == 0 ? RiderFundingMsat : 0) + RoutingLiquidityMsat, cancellationToken);
            var wallet = new WalletHttpClient(_wallet.BaseUri, key);
            _clients.Add(wallet);
            _hosts.Add(await NodeHost.StartAsync(new NodeHostOptions
            {
                Identity = new NodeIdentity(key, certificate),
                Wallet = wallet,
                Settlers = uri => uri == settlerUri ? settlerClient : null,
                StatePath = Path.Combine(_directory, $"n{i}", "state.db"),
                TrustedSettlers = [new TrustedSettlerAddress(settlerUri, _settler.Host.PublicKey)],
                Policy = new NodePolicy { Fanout = 3, Multibroadcast = 2, RoutingFeeMsat = 1_000 + random.Next(10) * 500, SettlerPollMs = 200 },
                Sender = new SenderPolicy { AutoAcceptBestOffer = false },
                Work = autoSlots.Contains(i) ? new TaxiWork(Area, 20_000_000 + random.Next(20) * 1_000_000, $"driver n{i}: +61 4{random.Next(10_000_000, 99_999_999)}") : null,
                WorkSettlerUri = settlerUri,
                Control = i <= 1 ? new ControlApiOptions(Path.Combine(_directory, $"n{i}", "control.token")) : null,
                PowThreads = 1,
            }, cancellationToken));
        }
        var edges = Topology.RandomConnected(nodes, 3, random);
        foreach (var (a, b) in edges) _hosts[a].Connect(_hosts[b].Address);
        var clock = Stopwatch.StartNew();
        while (!edges.All(e => _hosts[e.A].ConnectedPeers.Contains(_hosts[e.B].Id)))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("the demo network did not connect within 30 s");
            await Task.Delay(50, cancellationToken);
        }
        var audit = await Admin.AuditAsync(cancellationToken);
        TotalMsatAtStart = audit.AccountsMsat + audit.HeldMsat;
    }

    /// <summary>A one-time link that signs a browser in to <paramref name="node"/>'s app.</summary>
    public static Uri LinkFor(NodeHost node, bool driver = false) =>
        new(node.ControlUri!, "/pair?code=" + node.WebSessions!.NewCode().Code + (driver ? "&view=driver" : ""));

    /// <summary>A one-time link that signs a browser in to the settler's console.</summary>
    public Uri ConsoleLink() => new(Settler.BaseUri, "/console-pair?code=" + Settler.Console.Sessions.NewCode().Code);

    /// <summary>The wallet's audit: balanced, nothing held, and the same total as at the start.</summary>
    public async Task<(bool Balanced, long HeldMsat, long TotalMsat)> CheckLedgerAsync(CancellationToken cancellationToken)
    {
        var audit = await Admin.AuditAsync(cancellationToken);
        return (audit.Balanced, audit.HeldMsat, audit.AccountsMsat + audit.HeldMsat);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        foreach (var client in _clients) client.Dispose();
        _hosts.Clear();
        _clients.Clear();
        if (_settler is not null) await _settler.DisposeAsync();
        if (_wallet is not null) await _wallet.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}
