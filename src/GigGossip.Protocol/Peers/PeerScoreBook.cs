using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Peers;

/// <summary>
/// Each peer's local, decaying score: rewards for what it earned us (first deliveries, replies routed back, network
/// fees settled through it), penalties for invalid frames, asks left to time out and crowding one network group.
/// Scores outlive disconnection for <see cref="PeerScoreParams.RetainScoreMs"/>, so a peer cannot reconnect to a
/// clean slate. Pure: time is an input and decay is applied lazily, a whole number of intervals at a time.
/// </summary>
public sealed partial class PeerScoreBook
{
    private sealed class Counters
    {
        public double FirstDeliveries, RoutedReplies, SettledFeesSat, InvalidFrames, AskTimeouts, Asks;
        /// <summary>Broadcasts this node heard of, since the peer last delivered one, while the peer was in its mesh (decays like the rest).</summary>
        public double Misses;
        /// <summary>The peer delivered a broadcast since it connected: from then on it is expected to keep delivering (GossipSub's mesh).</summary>
        public bool InMesh;
        public long DecayedAtUnixMs;
        public string? Group;
        public bool Connected;
        public bool Outbound;
        public long DisconnectedAtUnixMs;
    }

    private readonly PeerScoreParams _params;
    private readonly Dictionary<PublicKey, Counters> _peers = [];
    private readonly Dictionary<string, int> _connectedPerGroup = [];

    public PeerScoreBook(PeerScoreParams parameters)
    {
        var problems = parameters.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(parameters));
        _params = parameters;
    }

    public PeerScoreParams Params => _params;

    /// <summary>Peers with a score (connected, or disconnected within the retention).</summary>
    public int Count => _peers.Count;

    public void Connected(PublicKey peer, string group, long nowUnixMs, bool outbound = false)
    {
        var counters = Get(peer, nowUnixMs);
        if (counters.Connected) return;
        counters.Connected = true;
        counters.Outbound = outbound;
        counters.Group = group;
        _connectedPerGroup[group] = _connectedPerGroup.GetValueOrDefault(group) + 1;
    }

    public void Disconnected(PublicKey peer, long nowUnixMs)
    {
        if (!_peers.TryGetValue(peer, out var counters) || !counters.Connected) return;
        counters.Connected = false;
        counters.InMesh = false;
        counters.DisconnectedAtUnixMs = nowUnixMs;
        var group = counters.Group!;
        if (--_connectedPerGroup[group] == 0) _connectedPerGroup.Remove(group);
    }

    public void Record(PublicKey peer, PeerActivity activity, long nowUnixMs, double amount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var c = Decayed(Get(peer, nowUnixMs), nowUnixMs);
        switch (activity)
        {
            case PeerActivity.FirstDelivery: c.FirstDeliveries = Math.Min(_params.FirstDeliveryCap, c.FirstDeliveries + amount); break;
            case PeerActivity.RoutedReply: c.RoutedReplies = Math.Min(_params.RoutedReplyCap, c.RoutedReplies + amount); break;
            case PeerActivity.SettledFee: c.SettledFeesSat = Math.Min(_params.SettledFeeCapSat, c.SettledFeesSat + amount); break;
            case PeerActivity.InvalidFrame: c.InvalidFrames += amount; break;
            case PeerActivity.AskTimeout: c.AskTimeouts += amount; break;
            case PeerActivity.Ask: c.Asks += amount; break;
            case PeerActivity.Delivery:
                c.InMesh = c.Connected;
                c.Misses = 0;
                break;
            default: throw new ArgumentOutOfRangeException(nameof(activity), activity, null);
        }
    }

    /// <summary>
    /// This node heard of a new broadcast, first from <paramref name="from"/>: every other connected peer in the mesh (one that
    /// delivered since it connected) missed it, until it delivers it too (GossipSub v1.1's P3, counted in broadcasts rather than
    /// time, so a quiet network costs no one anything).
    /// </summary>
    public void BroadcastHeard(PublicKey from, long nowUnixMs)
    {
        foreach (var (peer, c) in _peers)
        {
            if (!c.Connected || !c.InMesh || peer.Equals(from)) continue;
            Decayed(c, nowUnixMs).Misses += 1;
        }
    }

    public double Score(PublicKey peer, long nowUnixMs) => Parts(peer, nowUnixMs).Total;

    public PeerScoreParts Parts(PublicKey peer, long nowUnixMs)
    {
        if (!_peers.TryGetValue(peer, out var c)) return new PeerScoreParts(0, 0, 0, 0, 0, 0, 0);
        Decayed(c, nowUnixMs);
        var crowd = c.Connected ? Math.Max(0, _connectedPerGroup.GetValueOrDefault(c.Group!) - _params.ColocationThreshold) : 0;
        return new PeerScoreParts(
            c.FirstDeliveries * _params.FirstDeliveryWeight,
            c.RoutedReplies * _params.RoutedReplyWeight,
            c.SettledFeesSat * _params.SettledFeeWeightPerSat,
            c.InvalidFrames * c.InvalidFrames * _params.InvalidFrameWeight,
            c.AskTimeouts * _params.AskTimeoutWeight,
            (double)crowd * crowd * _params.ColocationWeight,
            c.Asks,
            c.Connected && c.Outbound ? _params.OutboundWeight : 0,
            DeficitOf(c.Misses));
    }

    /// <summary>The delivery-deficit penalty: the square of the misses beyond those allowed, times the (negative) weight, at most the cap.</summary>
    private double DeficitOf(double misses)
    {
        var deficit = Math.Max(0, misses - _params.DeliveryMissesAllowed);
        return Math.Max(_params.DeliveryDeficitCap, deficit * deficit * _params.DeliveryDeficitWeight);
    }

    /// <summary>True when the peer's frames should be ignored.</summary>
    public bool IsGraylisted(PublicKey peer, long nowUnixMs) => Score(peer, nowUnixMs) < _params.GraylistThreshold;

    /// <summary>True when the peer may be forwarded to and its peer records believed.</summary>
    public bool AcceptsGossip(PublicKey peer, long nowUnixMs) => Score(peer, nowUnixMs) >= _params.GossipThreshold;

    /// <summary>The peers at or above the gossip threshold, best first (ties by key, so the order is deterministic).</summary>
    public IReadOnlyList<PublicKey> Rank(IEnumerable<PublicKey> peers, long nowUnixMs) =>
        peers.Select(p => (Peer: p, Score: Score(p, nowUnixMs)))
            .Where(p => p.Score >= _params.GossipThreshold)
            .OrderByDescending(p => p.Score)
            .ThenBy(p => p.Peer.ToHex(), StringComparer.Ordinal)
            .Select(p => p.Peer)
            .ToList();

    /// <summary>The lowest-scored of <paramref name="peers"/> (the one periodic pruning replaces), or null when empty.</summary>
    public PublicKey? Worst(IEnumerable<PublicKey> peers, long nowUnixMs) =>
        peers.Select(p => (Peer: p, Score: Score(p, nowUnixMs)))
            .OrderBy(p => p.Score)
            .ThenBy(p => p.Peer.ToHex(), StringComparer.Ordinal)
            .Select(p => p.Peer)
            .FirstOrDefault();

    /// <summary>Forgets disconnected peers whose retention has passed; returns how many.</summary>
    public int ForgetExpired(long nowUnixMs)
    {
        var expired = _peers.Where(p => !p.Value.Connected && nowUnixMs - p.Value.DisconnectedAtUnixMs >= _params.RetainScoreMs).Select(p => p.Key).ToList();
        foreach (var peer in expired) _peers.Remove(peer);
        return expired.Count;
    }

    private Counters Get(PublicKey peer, long nowUnixMs)
    {
        if (!_peers.TryGetValue(peer, out var counters))
        {
            counters = new Counters { DecayedAtUnixMs = nowUnixMs, DisconnectedAtUnixMs = nowUnixMs };
            _peers[peer] = counters;
        }
        return counters;
    }

    private Counters Decayed(Counters c, long nowUnixMs)
    {
        var intervals = (nowUnixMs - c.DecayedAtUnixMs) / _params.DecayIntervalMs;
        if (intervals <= 0) return c;
        c.DecayedAtUnixMs += intervals * _params.DecayIntervalMs;
        var factor = Math.Pow(_params.Decay, intervals);
        double Apply(double value) => value * factor < _params.DecayToZero ? 0 : value * factor;
        c.FirstDeliveries = Apply(c.FirstDeliveries);
        c.RoutedReplies = Apply(c.RoutedReplies);
        c.SettledFeesSat = Apply(c.SettledFeesSat);
        c.InvalidFrames = Apply(c.InvalidFrames);
        c.AskTimeouts = Apply(c.AskTimeouts);
        c.Asks = Apply(c.Asks);
        c.Misses = Apply(c.Misses);
        return c;
    }
}
