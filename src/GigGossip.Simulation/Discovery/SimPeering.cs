using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;

namespace GigGossip.Simulation.Discovery;

/// <summary>
/// Dynamic topology for the simulator: every node runs the daemon's <see cref="PeerManager"/> (address book, scores,
/// outbound quota, inbound cap, pruning, peer exchange) on the virtual clock; its dials, disconnects and exchanges
/// become links of the <see cref="SimulatedNetwork"/>. Sybils dial honest nodes as fast as the caps let them and
/// answer address requests with Sybils only.
/// </summary>
public sealed class SimPeering
{
    private readonly SimulatedNetwork _net;
    private readonly PeerManagerOptions _options;
    private readonly PeerScoreParams _scoreParams;
    private readonly Random _random;
    private readonly Dictionary<PublicKey, SimPeer> _peers = [];
    private readonly List<PeerRecord> _sybilRecords = [];

    public SimPeering(SimulatedNetwork net, PeerManagerOptions options, PeerScoreParams scoreParams, Random random)
    {
        _net = net;
        _options = options;
        _scoreParams = scoreParams;
        _random = random;
    }

    public IReadOnlyCollection<SimPeer> Peers => _peers.Values;

    /// <summary>Address requests a Sybil answered with Sybils only.</summary>
    public long PoisonedAnswers { get; private set; }

    public SimPeer PeerOf(SimNode node) => _peers[node.Id];

    /// <summary>The mean number of outbound (or inbound) links an honest node has, now.</summary>
    public double HonestLinks(bool inbound) =>
        _peers.Values.Where(p => !p.IsSybil).Select(p => p.Manager.Connected.Count(c => c.Value.Inbound == inbound)).DefaultIfEmpty().Average();

    /// <summary>The share of honest nodes' outbound (or inbound) links that end at a Sybil, now.</summary>
    public double SybilShareOfLinks(bool inbound)
    {
        long links = 0, toSybils = 0;
        foreach (var peer in _peers.Values.Where(p => !p.IsSybil))
            foreach (var link in peer.Manager.Connected.Where(c => c.Value.Inbound == inbound))
            {
                links++;
                if (_peers.TryGetValue(link.Key, out var other) && other.IsSybil) toSybils++;
            }
        return links == 0 ? 0 : (double)toSybils / links;
    }

    /// <summary>Gives a node its discovery state; <paramref name="scores"/> is its engine's score book when scoring is on.</summary>
    public SimPeer Attach(SimNode node, string address, bool isSybil = false, PeerScoreBook? scores = null)
    {
        var salt = new byte[16];
        _random.NextBytes(salt);
        var key = _net.KeyOf(node);
        var options = isSybil ? _options with { PruneBelowScore = double.MinValue } : _options;
        var manager = new PeerManager(key, address, new AddressBook(salt, new AddressBookOptions(), node.Id),
            scores ?? new PeerScoreBook(_scoreParams), options, new Random(_random.Next()));
        var peer = new SimPeer(node, address, manager, isSybil);
        _peers[node.Id] = peer;
        if (isSybil) _sybilRecords.Add(manager.OwnRecord(_net.Now)!);
        return peer;
    }

    /// <summary>Tells a node the addresses it starts from (the honest network's bootstrap list, or the targets a Sybil crawled).</summary>
    public void Seed(SimPeer peer, IEnumerable<SimPeer> known)
    {
        foreach (var other in known)
        {
            if (other == peer) continue;
            if (peer.IsSybil) peer.Manager.Book.Add(other.Manager.OwnRecord(_net.Now)!, peer.Address, _net.Now);
            else peer.Manager.AddBootstrap(other.Node.Id, other.Address);
        }
    }

    /// <summary>Ticks every attached node on its own schedule until <paramref name="untilUnixMs"/>.</summary>
    public void Start(long untilUnixMs)
    {
        foreach (var peer in _peers.Values)
            _net.Scheduler.After(_random.NextInt64(_options.TickIntervalMs), () => Tick(peer, untilUnixMs));
    }

    private void Tick(SimPeer peer, long untilUnixMs)
    {
        if (peer.Node.Online) Apply(peer, peer.Manager.Tick(_net.Now));
        if (_net.Now + _options.TickIntervalMs <= untilUnixMs) _net.Scheduler.After(_options.TickIntervalMs, () => Tick(peer, untilUnixMs));
    }

    private void Apply(SimPeer from, IReadOnlyList<PeerManagerEffect> effects)
    {
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case PeerManagerEffect.Dial dial:
                    DialFrom(from, dial);
                    break;
                case PeerManagerEffect.Disconnect disconnect when _peers.TryGetValue(disconnect.Peer, out var other):
                    _net.Disconnect(from.Node, other.Node);
                    from.Manager.PeerDown(other.Node.Id, _net.Now);
                    other.Manager.PeerDown(from.Node.Id, _net.Now);
                    break;
                case PeerManagerEffect.SendRecords send when _peers.TryGetValue(send.Peer, out var to) && _net.Linked(from.Node, to.Node):
                    to.Manager.RecordsReceived(from.Node.Id, send.Records, _net.Now);
                    break;
                case PeerManagerEffect.RequestRecords request when _peers.TryGetValue(request.Peer, out var asked) && _net.Linked(from.Node, asked.Node):
                    if (asked.IsSybil) AnswerAsSybil(asked, from);
                    else Apply(asked, asked.Manager.RecordsRequested(from.Node.Id, _net.Now));
                    break;
            }
        }
    }

    private void DialFrom(SimPeer from, PeerManagerEffect.Dial dial)
    {
        if (!_peers.TryGetValue(dial.Node, out var target) || !target.Node.Online || _net.Linked(from.Node, target.Node)
            || !target.Manager.AcceptsInbound(from.Node.Id, _net.Now))
        {
            from.Manager.DialFailed(dial.Node, _net.Now);
            return;
        }
        _net.Connect(from.Node, target.Node);
        Apply(from, from.Manager.PeerUp(target.Node.Id, target.Address, inbound: false, _net.Now));
        Apply(target, target.Manager.PeerUp(from.Node.Id, from.Address, inbound: true, _net.Now));
    }

    private void AnswerAsSybil(SimPeer sybil, SimPeer asker)
    {
        PoisonedAnswers++;
        var records = Enumerable.Range(0, Math.Min(_options.RecordsPerExchange, _sybilRecords.Count))
            .Select(_ => _sybilRecords[_random.Next(_sybilRecords.Count)])
            .Where(r => !r.NodeKey.Equals(asker.Node.Id))
            .Distinct()
            .ToList();
        asker.Manager.RecordsReceived(sybil.Node.Id, records, _net.Now);
    }
}
