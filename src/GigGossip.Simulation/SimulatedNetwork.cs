using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;

namespace GigGossip.Simulation;

/// <summary>
/// The in-memory network harness: real node and settler engines, a real SQLite HODL ledger, frames
/// really encoded and decoded, links with latency, and one virtual clock. Everything is drawn from one
/// seed, so a run can be replayed exactly. Tests use it now; the simulator builds on it.
/// </summary>
public sealed partial class SimulatedNetwork : IDisposable
{
    public const long DefaultStartUnixMs = 1_790_000_000_000;

    private readonly int _seed;
    private readonly HodlLedger _ledger;
    private readonly List<SimNode> _nodes = [];
    private readonly Dictionary<PublicKey, SimNode> _nodesById = [];
    private readonly Dictionary<string, SimSettler> _settlers = [];
    private readonly HashSet<(PublicKey, PublicKey)> _links = [];

    public SimulatedNetwork(int seed, long startUnixMs = DefaultStartUnixMs, string? ledgerPath = null)
    {
        _seed = seed;
        Random = new Random(seed);
        Scheduler = new VirtualScheduler(startUnixMs);
        // The ledger's node key (and so every payment secret) and the settlers' preimages come from the seed too.
        var options = new LedgerOptions { NodeSecretKey = DeriveKey("ledger", 0).Bytes.ToArray() };
        _ledger = ledgerPath is null ? HodlLedger.OpenInMemory(NowOffset, options) : HodlLedger.Open(ledgerPath, NowOffset, options);
        _preimages = new Random(unchecked(seed * 7_919 + 1));
    }

    public VirtualScheduler Scheduler { get; }

    /// <summary>The run's random: latency, topology and peer choices all come from the seed.</summary>
    public Random Random { get; }

    public LatencyModel Latency { get; set; } = LatencyModel.Lan;

    /// <summary>Hashes per second a node spends on proofs of work (sets how long a proof takes in virtual time).</summary>
    public double HashRatePerSecond { get; set; } = 5_000_000;

    /// <summary>
    /// Solve proofs of work for real (the default), or only model their time (the largest runs); nodes
    /// added while it is false check proofs against <see cref="ModelledProofs"/>.
    /// </summary>
    public bool SolvePowForReal { get; set; } = true;

    /// <summary>The record of work charged but not hashed, when <see cref="SolvePowForReal"/> is off.</summary>
    public ModelledProofs ModelledProofs { get; } = new();

    /// <summary>
    /// Seal onion layers for real (the default), or model them (the largest runs): same lengths and the same refusals,
    /// without the key exchange; see <see cref="ModelledOnions"/>.
    /// </summary>
    public bool SealOnionsForReal { get; set; } = true;

    /// <summary>The onion layers sealed by the model, when <see cref="SealOnionsForReal"/> is off.</summary>
    public ModelledOnionLayers ModelledOnions { get; } = new();

    /// <summary>
    /// Decode every frame's bytes at the receiver (the default), or hand it a copy of the frame its sender encoded (the
    /// largest runs): the sender's encode still checks the frame and counts its bytes, and a frame that passed those checks
    /// decodes to an equal copy, so only the second parse is saved.
    /// </summary>
    public bool DecodeFramesForReal { get; set; } = true;

    /// <summary>What reading one frame costs a node, in microseconds (0: free); frames queue on a busy node.</summary>
    public long FrameCostUs { get; set; }

    /// <summary>Whether nodes keep their events in <see cref="SimNode.Events"/> (large runs only observe them).</summary>
    public bool KeepEvents { get; set; } = true;

    /// <summary>Sees every event a node tells its app, as it happens.</summary>
    public Action<SimNode, NodeEvent>? EventObserver { get; set; }

    /// <summary>Sees every frame a node puts on a link, with its size in bytes.</summary>
    public Action<SimNode, SimNode, Frame, int>? FrameObserver { get; set; }

    public IReadOnlyList<SimNode> Nodes => _nodes;

    public IReadOnlyCollection<SimSettler> Settlers => _settlers.Values;

    public HodlLedger Ledger => OpenLedger;

    /// <summary>The ledger with every node added so far opened and funded.</summary>
    private HodlLedger OpenLedger
    {
        get
        {
            if (_pendingAccounts.Count > 0)
            {
                _ledger.OpenAccounts(_pendingAccounts, DateTimeOffset.FromUnixTimeMilliseconds(_pendingAt));
                _pendingAccounts.Clear();
            }
            return _ledger;
        }
    }

    private readonly List<(string AccountId, long FundingMsat)> _pendingAccounts = [];

    private long _pendingAt;

    private SecretKey?[] _preparedNodeKeys = [];

    /// <summary>
    /// Derives the keys of the next <paramref name="count"/> nodes on every core (each is a pure function of the seed and the
    /// node's index, so the network is the same as when <see cref="AddNode"/> derives them one by one).
    /// </summary>
    public void PrepareNodeKeys(int count)
    {
        var first = _nodes.Count;
        var keys = new SecretKey?[first + count];
        Parallel.For(first, first + count, i => keys[i] = DeriveKey("node", i));
        _preparedNodeKeys = keys;
    }

    /// <summary>What happened, one line an event, without key material or ciphertexts: equal for equal seeds.</summary>
    public List<string> Trace { get; } = [];

    public bool Tracing { get; set; } = true;

    /// <summary>Every event a node told its app, with when and who, while <see cref="Tracing"/> is on.</summary>
    public List<(long At, SimNode Node, NodeEvent Event)> EventLog { get; } = [];

    /// <summary>
    /// What every node gets at start besides its own funding: a middleman pays its downstream invoice
    /// before its own is settled, as a Lightning routing node needs outbound liquidity.
    /// </summary>
    public long RoutingLiquidityMsat { get; init; } = 1_000_000;

    /// <summary>
    /// Sees every frame on a link and may change or drop it (return null): how tests play a hostile
    /// middleman or a broken link. Null: frames pass untouched.
    /// </summary>
    public Func<SimNode, SimNode, Frame, Frame?>? Interceptor { get; set; }

    /// <summary>Sees every call a node makes to a settler and may change it: how tests play a node that lies to its settler.</summary>
    public Func<SimNode, SettlerRequest, SettlerRequest>? SettlerCallInterceptor { get; set; }

    /// <summary>Sees every settler answer before its caller does and may change it: how tests play a settler that answers wrong.</summary>
    public Func<SimNode, SettlerResponse, SettlerResponse>? SettlerAnswerInterceptor { get; set; }

    public long FramesSent { get; private set; }

    public long BytesSent { get; private set; }

    public long Now => Scheduler.Now;

    private DateTimeOffset NowOffset => DateTimeOffset.FromUnixTimeMilliseconds(Scheduler.Now);

    public SimSettler AddSettler(string uri, SettlerPolicy? policy = null)
    {
        var key = DeriveKey("settler", _settlers.Count);
        // Simulated requests ask for replies within seconds, so the settler's lock timeout (which must cover the longest
        // reply window) stays short, and a ride whose money never locks is cancelled as quickly as before the money rules.
        var settlerPolicy = policy ?? new SettlerPolicy { MaxReplyWindowMs = 60_000, LockTimeoutMs = 120_000, InvoiceExpiryMs = 600_000 };
        var authority = new SettlerAuthority(key, uri, settlerPolicy.RevocationListValidityMs);
        var settler = new SimSettler(new SettlerEngine(key, uri, settlerPolicy, authority, NewPreimage));
        _settlers[uri] = settler;
        _trusted = null;
        _accountOwners[settler.Account] = input => Deliver(settler, input);
        RefreshTrust();
        OpenLedger.OpenAccount(settler.Account, NowOffset);
        return settler;
    }

    /// <summary>
    /// Adds a node certified by <paramref name="certifiedBy"/> with the given properties, funded with
    /// <paramref name="fundingMsat"/>, trusting every settler added so far. A node given <paramref name="presents"/>
    /// shows that (someone else's, public) certificate instead of its own: an impostor.
    /// </summary>
    public SimNode AddNode(SimSettler certifiedBy, NodePolicy? policy = null, WorkerPolicy? worker = null, SenderPolicy? sender = null,
        IReadOnlyDictionary<string, byte[]>? properties = null, long fundingMsat = 0, SignedCertificate? presents = null)
    {
        var index = _nodes.Count;
        var key = (index < _preparedNodeKeys.Length ? _preparedNodeKeys[index] : null) ?? DeriveKey("node", index);
        certifiedBy.Authority.Register(key.PublicKey);
        foreach (var (name, value) in properties ?? new Dictionary<string, byte[]>()) certifiedBy.Authority.Grant(key.PublicKey, name, value);
        var certificate = presents ?? certifiedBy.Authority.Issue(key.PublicKey, Now - 86_400_000, Now + 365L * 86_400_000);
        var nodePolicy = (policy ?? new NodePolicy()) with { TrustedSettlers = TrustedSettlers() };
        var engine = new NodeEngine(new NodeIdentity(key, certificate), nodePolicy, new Random(unchecked(_seed * 1_000_003 + index)), worker, sender,
            SolvePowForReal ? null : ModelledProofs);
        var node = new SimNode(index, engine) { InitialFundingMsat = fundingMsat + RoutingLiquidityMsat };
        _nodes.Add(node);
        _nodesById[node.Id] = node;
        _accountOwners[node.Account] = input => Deliver(node, ForNode(input));
        // Opened and funded with the nodes added after it, in one transaction, before anything reads the ledger.
        if (_pendingAccounts.Count > 0 && _pendingAt != Now) _ = OpenLedger;
        _pendingAt = Now;
        _pendingAccounts.Add((node.Account, node.InitialFundingMsat));
        return node;
    }

    /// <summary>Every settler with a fresh signed revocation list, as a node's policy needs it (made again only when a list changes).</summary>
    public TrustedSettlers TrustedSettlers()
    {
        var lists = _settlers.Values.Select(s => s.Authority.RevocationList(Now)).ToList();
        if (_trusted is not { } cached || !cached.Lists.SequenceEqual(lists, ReferenceEqualityComparer.Instance))
            _trusted = cached = (lists, new(_settlers.Values.Zip(lists, (s, list) => new TrustedSettler(s.Engine.PublicKey, s.Uri, list))));
        return cached.Trusted;
    }

    private (List<Protocol.Frames.SignedRevocationList> Lists, TrustedSettlers Trusted)? _trusted;

    /// <summary>Gives every node and settler fresh revocation lists (after a revocation, or when lists go stale).</summary>
    public void RefreshTrust()
    {
        _trusted = null;
        var trusted = TrustedSettlers();
        foreach (var node in _nodes) node.Engine.Policy = node.Engine.Policy with { TrustedSettlers = trusted };
        foreach (var settler in _settlers.Values) settler.Engine.Policy = settler.Engine.Policy with { TrustedSettlers = trusted };
    }

    public void Connect(SimNode a, SimNode b)
    {
        if (a == b || !_links.Add((a.Id, b.Id))) return;
        _links.Add((b.Id, a.Id));
        a.Neighbours.Add(b);
        b.Neighbours.Add(a);
        Deliver(a, new PeerConnected(b.Id));
        Deliver(b, new PeerConnected(a.Id));
    }

    public void Connect(IEnumerable<(int A, int B)> edges)
    {
        foreach (var (a, b) in edges) Connect(_nodes[a], _nodes[b]);
    }

    public SimNode NodeById(PublicKey id) => _nodesById[id];

    /// <summary>Gives a node an app command (or any input) now.</summary>
    public void Do(SimNode node, INodeInput input) => Deliver(node, input);

    public void RunFor(long ms) => Scheduler.RunUntil(Now + ms);

    public void RunToCompletion() => Scheduler.RunToCompletion();

    /// <summary>Every account's balance plus what is held: constant for the life of the network.</summary>
    public long TotalMoneyMsat()
    {
        var totals = OpenLedger.Audit().Totals;
        return totals.AccountsMsat + totals.HeldMsat;
    }

    public long BalanceOf(SimNode node) => OpenLedger.GetBalance(node.Account);

    public long BalanceOf(SimSettler settler) => OpenLedger.GetBalance(settler.Account);

    /// <summary>What a node gained (or, negative, spent) since it joined.</summary>
    public long Earned(SimNode node) => BalanceOf(node) - node.InitialFundingMsat;

    public void Dispose() => _ledger.Dispose();

    private readonly Random _preimages;

    private byte[] NewPreimage()
    {
        var preimage = new byte[32];
        _preimages.NextBytes(preimage);
        return preimage;
    }

    private SecretKey DeriveKey(string role, int index)
    {
        for (var attempt = 0; ; attempt++)
        {
            var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"gig-gossip-sim/{_seed}/{role}/{index}/{attempt}"));
            try { return SecretKey.FromBytes(bytes); }
            catch (CryptoException) { }
        }
    }

    private void Log([InterpolatedStringHandlerArgument("")] ref TraceLine line)
    {
        if (line.Text is { } text) Trace.Add($"{Now - DefaultStartUnixMs,9} {text}");
    }
}
