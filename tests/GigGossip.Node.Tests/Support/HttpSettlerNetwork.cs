using System.Threading.Channels;
using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Node.Hosting;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Node.Tests.Support;

/// <summary>
/// Node daemons in process (real TCP on 127.0.0.1, port 0) whose settler is the settler service itself: a
/// <see cref="SettlerServer"/> on a SQLite file, reached over HTTP by <see cref="SettlerHttpClient"/> exactly as a daemon
/// reaches it, restartable on the same file and port; money on a real SQLite ledger; one fake clock for all.
/// </summary>
internal sealed class HttpSettlerNetwork : IAsyncDisposable
{
    private readonly List<TestNode> _nodes = [];
    private readonly Func<HttpClient>? _settlerHttp;
    private int _port;
    private bool _stopped;

    private HttpSettlerNetwork(string directory, Func<HttpClient>? settlerHttp)
    {
        Directory = directory;
        _settlerHttp = settlerHttp;
        Ledger = new LedgerWallet(HodlLedger.Open(Path.Combine(directory, "ledger.db"), Time.GetUtcNow()), Time);
    }

    public string Directory { get; }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(TestNetwork.StartUnixMs));

    public LedgerWallet Ledger { get; }

    public SettlerServer Settler { get; private set; } = null!;

    /// <summary>The nodes' client of the settler service (one for the life of the network, across settler restarts).</summary>
    public SettlerHttpClient SettlerClient { get; private set; } = null!;

    public SettlerAdminClient Admin { get; private set; } = null!;

    private long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <param name="settlerHttp">The HTTP client the nodes' settler client uses (one that bends what they send, to play an older settler).</param>
    public static async Task<HttpSettlerNetwork> StartAsync(Func<HttpClient>? settlerHttp = null)
    {
        var network = new HttpSettlerNetwork(System.IO.Directory.CreateTempSubdirectory("giggossip-http-settler-").FullName, settlerHttp);
        await network.StartSettlerAsync();
        network.SettlerClient = new SettlerHttpClient(network.Settler.BaseUri, network.Settler.Host.Uri, settlerHttp?.Invoke());
        return network;
    }

    /// <summary>Stops the settler service and starts it again on the same database file and port.</summary>
    public async Task RestartSettlerAsync()
    {
        await StopSettlerAsync();
        await StartSettlerAsync();
    }

    /// <summary>Stops the settler service (its port stays the one <see cref="StartSettlerAsync"/> binds again).</summary>
    public async Task StopSettlerAsync()
    {
        Admin.Dispose();
        await Settler.DisposeAsync();
        _stopped = true;
    }

    public async Task StartSettlerAsync()
    {
        _stopped = false;
        Settler = await SettlerServer.StartAsync(new SettlerServerOptions
        {
            Database = Path.Combine(Directory, "settler.db"),
            AdminTokenFile = Path.Combine(Directory, "settler-admin.token"),
            Port = _port,
            Wallet = key => Ledger.OpenAccount(key.PublicKey.ToHex()),
            Time = Time,
            Logging = _ => { },
        }, TestContext.Current.CancellationToken);
        _port = Settler.BaseUri.Port;
        Admin = new SettlerAdminClient(Settler.BaseUri, Settler.AdminToken);
    }

    /// <summary>Registers the node with the settler service and gets its certificate over HTTP, funds it and starts it.</summary>
    public async Task<TestNode> AddNodeAsync(string name, bool control = false)
    {
        var ct = TestContext.Current.CancellationToken;
        var key = SecretKey.Generate();
        await SettlerClient.RegisterAsync(key, NowMs, ct);
        var certificate = await SettlerClient.RequestCertificateAsync(key, NowMs, ct);
        var wallet = Ledger.OpenAccount(key.PublicKey.ToHex());
        Ledger.Fund(wallet.AccountId, TestNetwork.SenderFundingMsat);
        TestNode? node = null;
        var options = new NodeHostOptions
        {
            Identity = new NodeIdentity(key, certificate),
            Wallet = wallet,
            Settlers = uri => uri == Settler.Host.Uri ? SettlerClient : null,
            StatePath = Path.Combine(Directory, name, "state.db"),
            TrustedSettlers = [new TrustedSettlerAddress(Settler.Host.Uri, Settler.Host.PublicKey)],
            Sender = new SenderPolicy { AutoAcceptBestOffer = false },
            Time = Time,
            Control = control ? new ControlApiOptions(Path.Combine(Directory, name, "control.token")) : null,
            PowThreads = 1,
            EffectObserver = effect => node!.Effects.Add(effect),
        };
        node = new TestNode(name, options, TestNetwork.SenderFundingMsat);
        node.Host = await NodeHost.StartAsync(options, ct);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Makes <paramref name="from"/> dial <paramref name="to"/> and waits until both see the connection.</summary>
    public static async Task ConnectAsync(TestNode from, TestNode to)
    {
        var fromAfter = from.Events.LastSequence;
        var toAfter = to.Events.LastSequence;
        from.Host.Connect(to.Host.Address);
        await from.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(to.Host.Id), fromAfter, TestContext.Current.CancellationToken).Within();
        await to.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(from.Host.Id), toAfter, TestContext.Current.CancellationToken).Within();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.Host.DisposeAsync();
        SettlerClient.Dispose();
        if (!_stopped)
        {
            Admin.Dispose();
            await Settler.DisposeAsync();
        }
        Ledger.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>
/// A middleman's view of what a node asks it to carry: a BOLT 8 peer of the node that keeps every AskForBroadcast frame it
/// gets (the request inside, with the certificate it is signed under) and answers nothing.
/// </summary>
internal sealed class ListeningPeer : IAsyncDisposable
{
    private readonly PeerConnection _peer;
    private readonly Channel<(byte[] Frame, SignedRequestPayload Request)> _asks = Channel.CreateUnbounded<(byte[], SignedRequestPayload)>();
    private readonly Task _reader;

    private ListeningPeer(PeerConnection peer, SecretKey key)
    {
        _peer = peer;
        Key = key;
        _reader = Task.Run(ReadAsync);
    }

    public SecretKey Key { get; }

    public static async Task<ListeningPeer> ConnectAsync(PeerAddress node)
    {
        var key = SecretKey.Generate();
        return new(PeerConnection.Start(await NoiseConnection.ConnectAsync(node, key, cancellationToken: TestContext.Current.CancellationToken)), key);
    }

    /// <summary>The next request the node asked this peer to carry, with the whole frame it came in.</summary>
    public async Task<(byte[] Frame, SignedRequestPayload Request)> NextAskAsync() =>
        await _asks.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().Within();

    private async Task ReadAsync()
    {
        await foreach (var bytes in _peer.Frames.ReadAllAsync())
            if (FrameCodec.Decode(bytes) is { AskForBroadcast: { } ask }) _asks.Writer.TryWrite((bytes, ask.SignedRequestPayload));
    }

    public async ValueTask DisposeAsync()
    {
        await _peer.DisposeAsync();
        await _reader;
    }
}
