using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Peers;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>
/// With scoring, forwards go to the peers the node trusts (dialled by it, or that earned something), plus two strangers (one
/// that asked lately first, one drawn evenly) so a node nobody dialled, or a worker that never asks, is still reached; a peer below the gossip threshold never gets a forward, however many peers there
/// are; the node's own request goes to every peer at or above the threshold. Through real engines.
/// </summary>
public sealed class ScoredForwardingTests
{
    private readonly StateFixture _f = new();
    private readonly List<PublicKey> _trusted = [.. Enumerable.Range(0, 3).Select(_ => SecretKey.Generate().PublicKey)];
    private readonly List<PublicKey> _strangers = [.. Enumerable.Range(0, 4).Select(_ => SecretKey.Generate().PublicKey)];
    private readonly PublicKey _cheat = SecretKey.Generate().PublicKey;

    private NodeEngine Engine(SecretKey key, bool scoring, int seed) =>
        new(new NodeIdentity(key, _f.Certificate(key)), _f.Policy with { PowLeadingZeroBits = 4, OneTimeSenderKeys = false, Fanout = 3, Scoring = scoring ? new PeerScoreParams() : null }, new Random(seed));

    /// <summary>Connects the node to the trusted peers (outbound), the strangers (inbound) and the cheat (two invalid frames: -40).</summary>
    private void Connect(NodeEngine node)
    {
        var scores = node.Scores!;
        foreach (var peer in _trusted.Concat(_strangers).Append(_cheat))
        {
            node.Handle(new PeerConnected(peer), StateFixture.Now);
            scores.Connected(peer, peer.ToHex()[..8], StateFixture.Now, outbound: _trusted.Contains(peer));
        }
        scores.Record(_cheat, PeerActivity.InvalidFrame, StateFixture.Now, amount: 2);
    }

    private static Topic Ride() => new()
    {
        Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = "r3gx2u0", PickupAfterUnixMs = StateFixture.Now, PickupBeforeUnixMs = StateFixture.Now + 600_000, DistanceM = 3_200 },
    };

    /// <summary>The peers a middleman asks when it forwards one fresh request from the sender.</summary>
    private List<PublicKey> ForwardTargets(int seed, PublicKey? earner = null, PublicKey? asker = null, Action<PeerScoreBook>? scoresBefore = null)
    {
        var sender = new NodeEngine(new NodeIdentity(_f.SenderKey, _f.Certificate(_f.SenderKey)), _f.Policy with { PowLeadingZeroBits = 4, OneTimeSenderKeys = false }, new Random(seed));
        var middleman = Engine(_f.MiddlemanKey, scoring: true, seed);
        sender.Handle(new PeerConnected(middleman.Id), StateFixture.Now);
        middleman.Handle(new PeerConnected(sender.Id), StateFixture.Now);
        Connect(middleman);
        if (earner is not null) middleman.Scores!.Record(earner, PeerActivity.FirstDelivery, StateFixture.Now);
        if (asker is not null) middleman.Scores!.Record(asker, PeerActivity.Ask, StateFixture.Now);
        scoresBefore?.Invoke(middleman.Scores!);
        var ask = Assert.Single(sender.Handle(new BroadcastTopic(Ride(), StateFixture.Now + 600_000), StateFixture.Now).OfType<SendFrame>());
        var conditions = Assert.Single(middleman.Handle(new FrameReceived(sender.Id, ask.Frame), StateFixture.Now).OfType<SendFrame>());
        var pow = Assert.Single(sender.Handle(new FrameReceived(middleman.Id, conditions.Frame), StateFixture.Now).OfType<SolvePow>());
        var nonce = PowSolver.Solve(new PowWorkUnit(pow.PayloadDigest, pow.Middleman, StateFixture.Now), pow.Target, 1, CancellationToken.None);
        var broadcast = Assert.Single(sender.Handle(new PowSolved(pow.AskId, StateFixture.Now, nonce), StateFixture.Now).OfType<SendFrame>());
        var forwards = middleman.Handle(new FrameReceived(sender.Id, broadcast.Frame), StateFixture.Now).OfType<SendFrame>().ToList();
        Assert.All(forwards, f => Assert.Equal(Frame.KindOneofCase.AskForBroadcast, f.Frame.KindCase));
        return [.. forwards.Select(f => f.To)];
    }

    [Fact]
    public void A_middleman_forwards_to_every_trusted_peer_and_two_strangers_never_to_a_peer_below_the_threshold()
    {
        var strangersAsked = new HashSet<PublicKey>();
        for (var seed = 0; seed < 12; seed++)
        {
            var targets = ForwardTargets(seed);

            Assert.Equal(5, targets.Count);
            Assert.Equal(5, targets.Distinct().Count());
            Assert.All(_trusted, t => Assert.Contains(t, targets));
            var strangers = targets.Where(_strangers.Contains).ToList();
            Assert.Equal(2, strangers.Count);
            strangersAsked.UnionWith(strangers);
            Assert.DoesNotContain(_cheat, targets);
        }
        Assert.True(strangersAsked.Count > 2, "the strangers that get the extra forwards are drawn at random");
    }

    [Fact]
    public void A_stranger_that_earned_a_first_delivery_is_trusted_like_a_peer_the_node_dialled()
    {
        var earner = _strangers[0];
        var trusted = _trusted.Append(earner).ToHashSet();
        for (var seed = 0; seed < 12; seed++)
        {
            var targets = ForwardTargets(seed, earner);

            Assert.Equal(5, targets.Count);
            Assert.Equal(3, targets.Count(trusted.Contains));
            Assert.Equal(2, targets.Count(t => _strangers.Skip(1).Contains(t)));
        }
    }

    [Fact]
    public void The_first_extra_forward_goes_to_a_stranger_that_asked_lately_the_second_to_any_other_so_a_worker_that_never_asks_is_reached()
    {
        var asker = _strangers[2];
        var others = new HashSet<PublicKey>();
        for (var seed = 0; seed < 12; seed++)
        {
            var strangers = ForwardTargets(seed, asker: asker).Where(_strangers.Contains).ToList();
            Assert.Equal(2, strangers.Count);
            Assert.Contains(asker, strangers);
            others.Add(Assert.Single(strangers, s => !s.Equals(asker)));
        }
        Assert.True(others.Count > 1, "the second stranger is drawn among the peers that never asked");
    }

    [Fact]
    public void A_trusted_peer_that_never_asks_comes_first_among_the_trusted_so_a_worker_is_reached_by_every_node_that_trusts_it()
    {
        // Five trusted peers for three trusted forwards: two strangers that delivered first (and so asked), two dialled peers that
        // asked, and one dialled peer that never asked anything: a worker, which takes jobs instead of passing them on. Under a
        // Sybil flood the stranger slots mostly land on Sybils, so the nodes that trust a worker are what reaches it.
        var worker = _trusted[2];
        var relays = new HashSet<PublicKey> { _trusted[0], _trusted[1], _strangers[0], _strangers[1] };
        void Scores(PeerScoreBook scores)
        {
            foreach (var relay in relays) scores.Record(relay, PeerActivity.Ask, StateFixture.Now);
            scores.Record(_strangers[0], PeerActivity.FirstDelivery, StateFixture.Now);
            scores.Record(_strangers[1], PeerActivity.FirstDelivery, StateFixture.Now);
        }
        var relaysForwardedTo = new HashSet<PublicKey>();
        for (var seed = 0; seed < 12; seed++)
        {
            var targets = ForwardTargets(seed, scoresBefore: Scores);

            Assert.Equal(5, targets.Count);
            Assert.Contains(worker, targets);
            Assert.Equal(2, targets.Count(relays.Contains));
            relaysForwardedTo.UnionWith(targets.Where(relays.Contains));
            Assert.Equal(2, targets.Count(t => _strangers.Skip(2).Contains(t)));
        }
        Assert.Equal(relays, relaysForwardedTo); // the other trusted forwards are still drawn at random among the rest
    }

    [Fact]
    public void A_node_floods_its_own_request_to_every_peer_at_or_above_the_gossip_threshold()
    {
        var node = Engine(_f.SenderKey, scoring: true, seed: 9);
        Connect(node);

        var asks = node.Handle(new BroadcastTopic(Ride(), StateFixture.Now + 600_000), StateFixture.Now).OfType<SendFrame>().Select(s => s.To).ToHashSet();

        Assert.Equal(_trusted.Concat(_strangers).ToHashSet(), asks);
        Assert.DoesNotContain(_cheat, asks);
    }
}
