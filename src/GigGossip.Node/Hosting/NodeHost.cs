using System.Threading.Channels;
using GigGossip.Network.Tcp;
using GigGossip.Node.Control;
using GigGossip.Node.State;
using GigGossip.Payments;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using Microsoft.Extensions.Logging;

namespace GigGossip.Node.Hosting;

/// <summary>
/// A Gig-gossip node for real: one <see cref="NodeEngine"/> driven by a single-threaded mailbox on the real
/// clock, peers over TCP with the BOLT 8 handshake, HODL invoices on its wallet, calls to settlers, timers,
/// proofs of work on the thread pool, the money state saved to SQLite before any effect of an input is
/// carried out, and a local control API. Start it with <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed partial class NodeHost : IAsyncDisposable
{
    private readonly NodeHostOptions _options;
    private readonly NodeEngine _engine;
    private readonly NodeStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Channel<Action> _mailbox = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly PeerTable _peers = new();
    private readonly EngineTimers _timers;
    private readonly DroppedPeers _dropped;
    private readonly List<Task> _loops = [];
    private readonly Task _mailboxLoop;
    private NoiseListener? _listener;
    private ControlApi? _control;
    private volatile TaxiWork? _work;
    private int _disposed;

    private NodeHost(NodeHostOptions options, NodeStateStore store, TrustedSettlers trust)
    {
        _options = options;
        _store = store;
        _time = options.Time;
        _log = options.Logging.CreateLogger("GigGossip.Node." + options.Identity.Key.PublicKey.ToHex()[..8]);
        _trust = trust;
        _work = options.Work;
        var policy = options.Policy with { TrustedSettlers = trust, MaxRejectedFramesPerPeer = options.MaxRejectedFrames };
        var random = options.RandomSeed is { } seed ? new Random(seed) : new Random();
        _engine = new NodeEngine(options.Identity, policy, random, options.Work?.ToPolicy(options.WorkSettlerUri!), options.Sender);
        _timers = new EngineTimers(_time, id => Post(new NodeTimerFired(id)));
        _dropped = new DroppedPeers(_time, options.DroppedPeerCooloff);
        _walletQueueLoop = Task.Run(DrainWalletQueueAsync);
        _mailboxLoop = Task.Run(RunMailboxAsync);
    }

    /// <summary>The node's id: its x-only public key.</summary>
    public PublicKey Id => _options.Identity.Key.PublicKey;

    /// <summary>Where peers reach this node: <c>pubkey@127.0.0.1:port</c>.</summary>
    public PeerAddress Address => _listener!.Address;

    /// <summary>The control API's base address, or null when it is off.</summary>
    public Uri? ControlUri => _control?.Uri;

    /// <summary>The bearer token of the control API, or null when it is off.</summary>
    public string? ControlToken => _control?.Token;

    /// <summary>What the node told its app, numbered: engine events and the host's own (peers, trust).</summary>
    public NodeEventLog Events { get; } = new();

    public IHodlWallet Wallet => _options.Wallet;

    /// <summary>Peers with at least one live connection.</summary>
    public IReadOnlyList<PublicKey> ConnectedPeers => _peers.Keys;

    /// <summary>The taxi work the node takes now, or null.</summary>
    public TaxiWork? Work => _work;

    /// <summary>
    /// Starts a node: checks that its wallet and every trusted settler answer and that its certificate is valid,
    /// opens its state file and restores pending payments, then listens, dials its peers and opens the control API.
    /// </summary>
    /// <exception cref="NodeStartException">Something the node needs is unreachable or unusable; the message says what.</exception>
    public static async Task<NodeHost> StartAsync(NodeHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Work is not null && options.WorkSettlerUri is null) throw new NodeStartException("taxi work needs a settler to work through (WorkSettlerUri)");
        await CheckWalletAsync(options.Wallet, cancellationToken).ConfigureAwait(false);
        var trust = await FetchTrustAtStartAsync(options, cancellationToken).ConfigureAwait(false);
        CheckCertificate(options, trust);
        var store = OpenStore(options);
        NodeHost? host = null;
        try
        {
            var saved = await RepairAsync(store.Load(), options.Wallet, cancellationToken).ConfigureAwait(false);
            host = new NodeHost(options, store, trust);
            host.Jobs.Restore(store.LoadJobs());
            host.Restore(saved);
            host.StartListening();
            host.StartDiscovery(store.LoadPeers());
            host.AddLoop(host.WatchWalletAsync);
            host.AddLoop(host.RedeliverFundingNoticesAsync);
            foreach (var peer in options.Peers) host.Connect(peer);
            host.StartTrustRefresh();
            if (options.Control is { } control) host._control = await ControlApi.StartAsync(host, control, options.Logging, cancellationToken).ConfigureAwait(false);
            host._log.LogInformation("node {Id} listening on {Address}{Control}", host.Id, host.Address,
                host.ControlUri is { } uri ? $", control API on {uri}" : "");
            return host;
        }
        catch (Exception e)
        {
            if (host is not null) await host.DisposeAsync().ConfigureAwait(false);
            else store.Dispose();
            if (e is NodeStateException or SecretFileException) throw new NodeStartException(e.Message, e);
            throw;
        }
    }

    /// <summary>Gives the node an app command and returns the events it raised right away (e.g. BroadcastStarted).</summary>
    public async Task<IReadOnlyList<NodeEvent>> DoAsync(AppCommand command, CancellationToken cancellationToken = default)
    {
        var effects = await OnLoopAsync(() => Handle(command), cancellationToken).ConfigureAwait(false);
        return effects.OfType<EmitEvent>().Select(e => e.Event).ToList();
    }

    /// <summary>Reads the engine on the mailbox thread (offers, peers, policy).</summary>
    public Task<T> QueryAsync<T>(Func<NodeEngine, T> query, CancellationToken cancellationToken = default) =>
        OnLoopAsync(() => query(_engine), cancellationToken);

    /// <summary>Starts (or, with null, stops) taking taxi jobs; jobs already taken keep their terms.</summary>
    /// <exception cref="InvalidOperationException">No settler to work through was configured.</exception>
    public Task SetWorkAsync(TaxiWork? work, CancellationToken cancellationToken = default)
    {
        if (work is not null && _options.WorkSettlerUri is null) throw new InvalidOperationException("this node has no settler to work through; configure one first");
        return OnLoopAsync(() =>
        {
            _engine.Worker = work?.ToPolicy(_options.WorkSettlerUri!);
            _work = work;
            return true;
        }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await StopDiscoveryAsync().ConfigureAwait(false);
        _stop.Cancel();
        if (_control is not null) await _control.DisposeAsync().ConfigureAwait(false);
        _trustTimer?.Dispose();
        _timers.Dispose();
        if (_listener is not null) await _listener.DisposeAsync().ConfigureAwait(false);
        List<Task> loops;
        lock (_loops) loops = [.. _loops];
        await Quietly(loops).ConfigureAwait(false);
        _mailbox.Writer.TryComplete();
        await Quietly([_mailboxLoop]).ConfigureAwait(false);
        await StopWalletQueueAsync().ConfigureAwait(false);
        _store.Dispose();
        _noticeInbox?.Dispose();
        _log.LogInformation("node {Id} stopped", Id);
    }

    private void AddLoop(Func<Task> loop)
    {
        lock (_loops)
        {
            _loops.RemoveAll(t => t.IsCompleted); // discovery's dials end; the list keeps only what still runs
            _loops.Add(Task.Run(loop));
        }
    }

    private static async Task Quietly(IEnumerable<Task> tasks)
    {
        foreach (var task in tasks.ToList())
        {
            try { await task.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static async Task CheckWalletAsync(IHodlWallet wallet, CancellationToken cancellationToken)
    {
        try
        {
            await wallet.GetBalanceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new NodeStartException($"wallet account {wallet.AccountId} does not answer: {e.Message}", e);
        }
    }

    private static void CheckCertificate(NodeHostOptions options, TrustedSettlers trust)
    {
        var now = options.Time.GetUtcNow();
        var verdict = CertificateVerifier.Verify(options.Identity.Certificate, trust, now, out var certificate);
        if (certificate is not null && !certificate.SubjectPublicKey.Span.SequenceEqual(options.Identity.Key.PublicKey.Bytes))
            throw new NodeStartException($"the certificate is for key {Convert.ToHexStringLower(certificate.SubjectPublicKey.Span)}, not this node's key {options.Identity.Key.PublicKey}");
        if (verdict != CertificateVerdict.Valid)
            throw new NodeStartException($"the node's certificate is not usable: {verdict} (peers would refuse every request and reply it signs)");
    }

    private static NodeStateStore OpenStore(NodeHostOptions options)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(options.StatePath));
            if (directory is not null) Directory.CreateDirectory(directory);
            return NodeStateStore.Open(options.StatePath, options.Identity.Key.PublicKey);
        }
        catch (Exception e) when (e is NodeStateException or IOException or UnauthorizedAccessException)
        {
            throw new NodeStartException(e.Message, e);
        }
    }
}
