using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Peers;

/// <summary>
/// Discovery and the free market over connections, without I/O (the daemon and the simulator both drive it): keeps
/// <see cref="PeerManagerOptions.OutboundQuota"/> outbound peers chosen from the <see cref="AddressBook"/> across
/// distinct network groups (anchors first, then bootstrap addresses), caps inbound peers evicting from the most
/// crowded group, drops graylisted peers, periodically replaces the worst outbound peer once it had its grace, and
/// swaps signed records with peers. The host reports connections and records; time and randomness are inputs.
/// </summary>
public sealed class PeerManager
{
    private readonly PeerManagerOptions _options;
    private readonly SecretKey _key;
    private readonly string? _listenAddress;
    private readonly Random _random;
    private readonly Dictionary<PublicKey, PeerConnectionInfo> _connected = [];
    private readonly Dictionary<PublicKey, (string Address, long Since)> _dialing = [];
    private readonly Dictionary<PublicKey, long> _backoffUntil = [];
    private readonly Dictionary<PublicKey, long> _answeredAt = [];
    private readonly List<(PublicKey Node, string Address)> _bootstrap = [];
    private readonly List<(PublicKey Node, string Address)> _anchors = [];
    private PeerRecord? _ownRecord;
    private long _lastPrune;
    private long _lastExchange;

    public PeerManager(SecretKey key, string? listenAddress, AddressBook book, PeerScoreBook scores, PeerManagerOptions options, Random random)
    {
        var problems = options.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        if (listenAddress is not null && !PeerRecord.IsWellFormed(listenAddress)) throw new ArgumentException("listen address must be host:port", nameof(listenAddress));
        _key = key;
        _listenAddress = listenAddress;
        Book = book;
        Scores = scores;
        _options = options;
        _random = random;
    }

    public AddressBook Book { get; }
    public PeerScoreBook Scores { get; }
    public IReadOnlyDictionary<PublicKey, PeerConnectionInfo> Connected => _connected;
    public int Outbound => _connected.Values.Count(c => !c.Inbound);
    public int Inbound => _connected.Values.Count(c => c.Inbound);

    /// <summary>A configured bootstrap peer: dialled while the node has too few outbound peers from its book.</summary>
    public void AddBootstrap(PublicKey node, string address) => _bootstrap.Add((node, address));

    /// <summary>Anchors saved at the last stop: dialled before anything else.</summary>
    public void RestoreAnchors(IEnumerable<(PublicKey Node, string Address)> anchors) => _anchors.AddRange(anchors);

    /// <summary>The best-scored outbound peers, to save as anchors.</summary>
    public IReadOnlyList<(PublicKey Node, string Address)> Anchors(long nowUnixMs) =>
        Scores.Rank(_connected.Where(c => !c.Value.Inbound).Select(c => c.Key), nowUnixMs)
            .Take(_options.Anchors)
            .Select(k => (k, _connected[k].Address))
            .ToList();

    /// <summary>This node's own signed record (renewed as it ages), or null when it does not listen.</summary>
    public PeerRecord? OwnRecord(long nowUnixMs)
    {
        if (_listenAddress is null) return null;
        if (_ownRecord is null || nowUnixMs - _ownRecord.TimestampUnixMs >= _options.RenewOwnRecordMs) _ownRecord = PeerRecord.Sign(_key, _listenAddress, nowUnixMs);
        return _ownRecord;
    }

    public IReadOnlyList<PeerManagerEffect> Tick(long nowUnixMs)
    {
        var effects = new List<PeerManagerEffect>();
        foreach (var (peer, _) in _connected.Where(c => Scores.IsGraylisted(c.Key, nowUnixMs)).ToList())
        {
            _backoffUntil[peer] = nowUnixMs + Scores.Params.RetainScoreMs;
            effects.Add(new PeerManagerEffect.Disconnect(peer, $"score {Scores.Score(peer, nowUnixMs):F1} is below the graylist threshold"));
        }
        Prune(nowUnixMs, effects);
        Fill(nowUnixMs, effects);
        if (nowUnixMs - _lastExchange >= _options.ExchangeIntervalMs && OutboundPeers().ToList() is { Count: > 0 } outbound)
        {
            _lastExchange = nowUnixMs;
            effects.Add(new PeerManagerEffect.RequestRecords(outbound[_random.Next(outbound.Count)]));
        }
        Scores.ForgetExpired(nowUnixMs);
        Book.ForgetStale(nowUnixMs);
        return effects;
    }

    public IReadOnlyList<PeerManagerEffect> PeerUp(PublicKey peer, string address, bool inbound, long nowUnixMs)
    {
        var effects = new List<PeerManagerEffect>();
        _dialing.Remove(peer);
        var group = Book.GroupOf(address);
        _connected[peer] = new PeerConnectionInfo(address, group, inbound, nowUnixMs);
        Scores.Connected(peer, group, nowUnixMs, outbound: !inbound);
        if (!inbound)
        {
            Book.MarkGood(peer, nowUnixMs);
            effects.Add(new PeerManagerEffect.RequestRecords(peer));
        }
        if (OwnRecord(nowUnixMs) is { } own) effects.Add(new PeerManagerEffect.SendRecords(peer, [own]));
        if (inbound && Inbound > _options.MaxInbound) effects.Add(EvictInbound(nowUnixMs));
        return effects;
    }

    /// <summary>Whether to take an inbound connection from the peer: not while it is graylisted or was evicted or pruned lately.</summary>
    public bool AcceptsInbound(PublicKey peer, long nowUnixMs) =>
        !(_backoffUntil.TryGetValue(peer, out var until) && until > nowUnixMs) && !Scores.IsGraylisted(peer, nowUnixMs);

    public void PeerDown(PublicKey peer, long nowUnixMs)
    {
        if (_connected.Remove(peer)) Scores.Disconnected(peer, nowUnixMs);
    }

    public void DialFailed(PublicKey peer, long nowUnixMs)
    {
        _dialing.Remove(peer);
        Book.MarkFailed(peer, nowUnixMs);
        _backoffUntil[peer] = nowUnixMs + _options.DialBackoffMs;
    }

    /// <summary>Records a peer sent: stored when valid and the peer is trusted with gossip; forged ones and oversized answers cost it.</summary>
    public void RecordsReceived(PublicKey from, IReadOnlyList<PeerRecord> records, long nowUnixMs)
    {
        if (!_connected.TryGetValue(from, out var source) || !Scores.AcceptsGossip(from, nowUnixMs)) return;
        if (records.Count > _options.RecordsPerExchange) Scores.Record(from, PeerActivity.InvalidFrame, nowUnixMs);
        foreach (var record in records.Take(_options.RecordsPerExchange))
        {
            var own = record.NodeKey.Equals(from);
            Book.Add(record, own ? record.Address : source.Address, nowUnixMs, out var verdict);
            if (verdict is PeerRecordVerdict.BadSignature or PeerRecordVerdict.BadAddress) Scores.Record(from, PeerActivity.InvalidFrame, nowUnixMs);
            else if (own && !source.Inbound) Book.MarkGood(from, nowUnixMs);
        }
    }

    /// <summary>A peer asked for addresses: answered with a sample and our own record, at most once per interval.</summary>
    public IReadOnlyList<PeerManagerEffect> RecordsRequested(PublicKey from, long nowUnixMs)
    {
        if (!_connected.ContainsKey(from) || Scores.IsGraylisted(from, nowUnixMs)) return [];
        if (_answeredAt.TryGetValue(from, out var at) && nowUnixMs - at < _options.AnswerIntervalMs) return [];
        _answeredAt[from] = nowUnixMs;
        var records = new List<PeerRecord>();
        if (OwnRecord(nowUnixMs) is { } own) records.Add(own);
        records.AddRange(Book.Sample(_random, _options.RecordsPerExchange - records.Count).Where(r => !r.NodeKey.Equals(from)));
        return [new PeerManagerEffect.SendRecords(from, records)];
    }

    private IEnumerable<PublicKey> OutboundPeers() => _connected.Where(c => !c.Value.Inbound).Select(c => c.Key);

    private void Fill(long nowUnixMs, List<PeerManagerEffect> effects)
    {
        var busy = new HashSet<PublicKey>(_connected.Keys.Concat(_dialing.Keys).Concat(_backoffUntil.Where(b => b.Value > nowUnixMs).Select(b => b.Key)));
        var groups = new HashSet<string>(_connected.Values.Where(c => !c.Inbound).Select(c => c.Group).Concat(_dialing.Values.Select(d => Book.GroupOf(d.Address))));
        var wanted = _options.OutboundQuota - Outbound - _dialing.Count;
        foreach (var (node, address) in _anchors.Concat(_bootstrap))
        {
            if (wanted <= 0) break;
            if (busy.Contains(node) || Scores.IsGraylisted(node, nowUnixMs)) continue;
            Dial(node, address, nowUnixMs, effects, busy, groups);
            wanted--;
        }
        _anchors.Clear();
        while (wanted > 0)
        {
            var entry = Book.Select(_random, busy, groups) ?? Book.Select(_random, busy, new HashSet<string>());
            if (entry is null) break;
            busy.Add(entry.Record.NodeKey);
            if (Scores.IsGraylisted(entry.Record.NodeKey, nowUnixMs)) continue;
            Dial(entry.Record.NodeKey, entry.Record.Address, nowUnixMs, effects, busy, groups);
            wanted--;
        }
    }

    private void Dial(PublicKey node, string address, long nowUnixMs, List<PeerManagerEffect> effects, HashSet<PublicKey> busy, HashSet<string> groups)
    {
        _dialing[node] = (address, nowUnixMs);
        busy.Add(node);
        groups.Add(Book.GroupOf(address));
        effects.Add(new PeerManagerEffect.Dial(node, address));
    }

    private void Prune(long nowUnixMs, List<PeerManagerEffect> effects)
    {
        if (nowUnixMs - _lastPrune < _options.PruneIntervalMs || Outbound < _options.OutboundQuota) return;
        _lastPrune = nowUnixMs;
        var outbound = OutboundPeers().ToList();
        if (!outbound.Any(p => Scores.Score(p, nowUnixMs) >= _options.PruneBelowScore)) return;
        var eligible = outbound.Where(p => nowUnixMs - _connected[p].SinceUnixMs >= _options.PruneGraceMs);
        if (Scores.Worst(eligible, nowUnixMs) is not { } worst) return;
        var score = Scores.Score(worst, nowUnixMs);
        if (score >= _options.PruneBelowScore) return;
        _backoffUntil[worst] = nowUnixMs + _options.PruneGraceMs;
        effects.Add(new PeerManagerEffect.Disconnect(worst, $"pruned: score {score:F1} after {(nowUnixMs - _connected[worst].SinceUnixMs) / 1000} s, below {_options.PruneBelowScore}"));
    }

    /// <summary>
    /// The inbound peer to let go when over the cap (after Bitcoin Core's eviction): from the group with most inbound peers,
    /// and among equally crowded groups the one with the newest member, the lowest-scored (newest on a tie). A flood of
    /// newcomers from fresh groups therefore evicts newcomers, never the peers that have held their slot longest.
    /// </summary>
    private PeerManagerEffect EvictInbound(long nowUnixMs)
    {
        var inbound = _connected.Where(c => c.Value.Inbound).ToList();
        var crowded = inbound.GroupBy(c => c.Value.Group)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Max(c => c.Value.SinceUnixMs))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .First();
        var victim = crowded.OrderBy(c => Scores.Score(c.Key, nowUnixMs)).ThenByDescending(c => c.Value.SinceUnixMs).First();
        _backoffUntil[victim.Key] = nowUnixMs + _options.DialBackoffMs;
        return new PeerManagerEffect.Disconnect(victim.Key, $"inbound connections over {_options.MaxInbound}: evicted from crowded group {victim.Value.Group}");
    }
}
