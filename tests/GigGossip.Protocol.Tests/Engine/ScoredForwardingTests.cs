using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Peers;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>
/// With scoring, forwards go to the peers the node trusts (dialled by it, or that earned something), plus one stranger so a
/// node nobody dialled is still reached; a peer below the gossip threshold never gets a forward, however many peers there
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
    private List<PublicKey> ForwardTargets(int seed, PublicKey? earner = null, PublicKey? asker = null)
    {
        var sender = new NodeEngine(new NodeIdentity(_f.SenderKey, _f.Certificate(_f.SenderKey)), _f.Policy with { PowLeadingZeroBits = 4, OneTimeSenderKeys = false }, new Random(seed));
        var middleman = Engine(_f.MiddlemanKey, scoring: true, seed);
        sender.Handle(new PeerConnected(middleman.Id), StateFixture.Now);
        middleman.Handle(new PeerConnected(sender.Id), StateFixture.Now);
        Connect(middleman);
        if (earner is not null) middleman.Scores!.Record(earner, PeerActivity.FirstDelivery, StateFixture.Now);
        if (asker is not null) middleman.Scores!.Record(asker, PeerActivity.Ask, StateFixture.Now);
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
    public void A_middleman_forwards_to_every_trusted_peer_and_one_stranger_never_to_a_peer_below_the_threshold()
    {
        var strangersAsked = new HashSet<PublicKey>();
        for (var seed = 0; seed < 12; seed++)
        {
            var targets = ForwardTargets(seed);

            Assert.Equal(4, targets.Count);
            Assert.All(_trusted, t => Assert.Contains(t, targets));
            strangersAsked.Add(Assert.Single(targets, _strangers.Contains));
            Assert.DoesNotContain(_cheat, targets);
        }
        Assert.True(strangersAsked.Count > 1, "the stranger that gets the extra forward is drawn at random");
    }

    [Fact]
    public void A_stranger_that_earned_a_first_delivery_is_trusted_like_a_peer_the_node_dialled()
    {
        var earner = _strangers[0];
        var trusted = _trusted.Append(earner).ToHashSet();
        for (var seed = 0; seed < 12; seed++)
        {
            var targets = ForwardTargets(seed, earner);

            Assert.Equal(4, targets.Count);
            Assert.Equal(3, targets.Count(trusted.Contains));
            Assert.Single(targets, t => _strangers.Skip(1).Contains(t));
        }
    }

    [Fact]
    public void The_extra_forward_goes_to_a_stranger_that_asked_lately_before_one_that_never_sent_anything()
    {
        var asker = _strangers[2];
        for (var seed = 0; seed < 12; seed++)
            Assert.Equal(asker, Assert.Single(ForwardTargets(seed, asker: asker), _strangers.Contains));
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
