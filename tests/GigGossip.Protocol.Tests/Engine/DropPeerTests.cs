using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>
/// The cheating peer sends frames the node must refuse through the peer's own fault (here proofs of work for asks it was
/// never offered); the engine itself asks the host to drop it, once, at the limit. Refusals of policy or timing never count.
/// </summary>
public sealed class DropPeerTests
{
    private readonly StateFixture _f = new();
    private readonly SecretKey _cheat = SecretKey.Generate();

    private NodeEngine Engine(int? limit) =>
        new(new NodeIdentity(_f.MiddlemanKey, _f.Certificate(_f.MiddlemanKey)), _f.Policy with { MaxRejectedFramesPerPeer = limit }, new Random(3));

    private static Frame UnaskedProof() => new()
    {
        PowBroadcast = new PowBroadcastFrame
        {
            AskId = FrameIds.New(),
            BroadcastPayload = ByteString.CopyFrom([1, 2, 3]),
            ProofOfWork = new Protocol.Frames.ProofOfWork { PowScheme = "sha256", TimestampUnixMs = StateFixture.Now, Nonce = 1 },
        },
    };

    [Fact]
    public void A_peer_whose_frames_keep_being_refused_through_its_fault_is_dropped_once_at_the_limit()
    {
        var engine = Engine(limit: 3);
        engine.Handle(new PeerConnected(_cheat.PublicKey), StateFixture.Now);

        var drops = Enumerable.Range(0, 5)
            .Select(_ => engine.Handle(new FrameReceived(_cheat.PublicKey, UnaskedProof()), StateFixture.Now).OfType<DropPeer>().ToList())
            .ToList();

        Assert.Empty(drops[0]);
        Assert.Empty(drops[1]);
        var drop = Assert.Single(drops[2]);
        Assert.Equal(_cheat.PublicKey, drop.Peer);
        Assert.StartsWith("dropped after 3 refused frames (the last: UnknownAsk", drop.Reason, StringComparison.Ordinal);
        Assert.Empty(drops[3]);
        Assert.Empty(drops[4]);
    }

    [Fact]
    public void The_count_starts_again_when_the_peer_reconnects()
    {
        var engine = Engine(limit: 2);
        engine.Handle(new PeerConnected(_cheat.PublicKey), StateFixture.Now);
        engine.Handle(new FrameReceived(_cheat.PublicKey, UnaskedProof()), StateFixture.Now);
        engine.Handle(new PeerDisconnected(_cheat.PublicKey), StateFixture.Now);
        engine.Handle(new PeerConnected(_cheat.PublicKey), StateFixture.Now);

        Assert.Empty(engine.Handle(new FrameReceived(_cheat.PublicKey, UnaskedProof()), StateFixture.Now).OfType<DropPeer>());
        Assert.Single(engine.Handle(new FrameReceived(_cheat.PublicKey, UnaskedProof()), StateFixture.Now).OfType<DropPeer>());
    }

    [Fact]
    public void Refusals_of_policy_do_not_count()
    {
        var engine = Engine(limit: 1);
        var otherSettler = SecretKey.Generate();
        var certificate = CertificateIssuer.Issue(otherSettler, "https://other.example", CertificateIssuer.NewSerial(), _cheat.PublicKey,
            new Dictionary<string, byte[]>(), DateTimeOffset.FromUnixTimeMilliseconds(StateFixture.Now - 1_000), DateTimeOffset.FromUnixTimeMilliseconds(StateFixture.Now + 86_400_000));
        var topic = new Topic { Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = "r3gx2u0", PickupAfterUnixMs = StateFixture.Now, PickupBeforeUnixMs = StateFixture.Now + 600_000, DistanceM = 3_200 } };
        var request = SignedRequests.Create(topic, certificate, _cheat, StateFixture.Now + 600_000);

        for (var i = 0; i < 5; i++)
        {
            var ask = new Frame { AskForBroadcast = new AskForBroadcastFrame { AskId = FrameIds.New(), SignedRequestPayload = request } };
            var effects = engine.Handle(new FrameReceived(_cheat.PublicKey, ask), StateFixture.Now);
            Assert.Equal(RejectionReason.CertificateRejected, Assert.Single(effects.OfType<EmitEvent>().Select(e => e.Event).OfType<FrameRejected>()).Reason);
            Assert.Empty(effects.OfType<DropPeer>());
        }
    }

    [Fact]
    public void A_node_without_a_limit_never_drops()
    {
        var engine = Engine(limit: null);
        for (var i = 0; i < 200; i++)
        {
            var effects = engine.Handle(new FrameReceived(_cheat.PublicKey, UnaskedProof()), StateFixture.Now);
            Assert.Contains(effects.OfType<EmitEvent>(), e => e.Event is FrameRejected);
            Assert.Empty(effects.OfType<DropPeer>());
        }
    }
}
