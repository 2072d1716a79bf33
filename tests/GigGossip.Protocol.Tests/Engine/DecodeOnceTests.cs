using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>
/// A PowBroadcast is parsed once between the socket and the forward: the codec parses the frame and the payloads it
/// carries, the middleman's checks use those, and neither the forwarded AskForBroadcast nor the asker's own PowBroadcast
/// after its proof of work is parsed again on the way out. Counted with <see cref="FrameParses"/>, through real engines.
/// </summary>
public sealed class DecodeOnceTests
{
    private readonly StateFixture _f = new();
    private readonly SecretKey _downstream = SecretKey.Generate();

    private NodeEngine Engine(SecretKey key) =>
        new(new NodeIdentity(key, _f.Certificate(key)), _f.Policy with { PowLeadingZeroBits = 4, OneTimeSenderKeys = false }, new Random(7));

    /// <summary>The sender asks the middleman, gets its conditions and solves them: the bytes of the PowBroadcast it sends and the sender engine.</summary>
    private PowSolved SolvedBroadcast(NodeEngine sender, NodeEngine middleman)
    {
        sender.Handle(new PeerConnected(middleman.Id), StateFixture.Now);
        middleman.Handle(new PeerConnected(sender.Id), StateFixture.Now);
        middleman.Handle(new PeerConnected(_downstream.PublicKey), StateFixture.Now);
        var topic = new Topic
        {
            Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = "r3gx2u0", PickupAfterUnixMs = StateFixture.Now, PickupBeforeUnixMs = StateFixture.Now + 600_000, DistanceM = 3_200 },
        };
        var ask = Assert.Single(sender.Handle(new BroadcastTopic(topic, StateFixture.Now + 600_000), StateFixture.Now).OfType<SendFrame>());
        var conditions = Assert.Single(middleman.Handle(new FrameReceived(sender.Id, FrameCodec.DecodeFrame(ask.Encode())), StateFixture.Now).OfType<SendFrame>());
        var pow = Assert.Single(sender.Handle(new FrameReceived(middleman.Id, FrameCodec.DecodeFrame(conditions.Encode())), StateFixture.Now).OfType<SolvePow>());
        var nonce = PowSolver.Solve(new PowWorkUnit(pow.PayloadDigest, pow.Middleman, StateFixture.Now), pow.Target, 1, CancellationToken.None);
        return new PowSolved(pow.AskId, StateFixture.Now, nonce);
    }

    [Fact]
    public void A_pow_broadcast_is_parsed_once_between_socket_and_forward()
    {
        var (sender, middleman) = (Engine(_f.SenderKey), Engine(_f.MiddlemanKey));
        var solved = SolvedBroadcast(sender, middleman);
        var broadcast = Assert.Single(sender.Handle(solved, StateFixture.Now).OfType<SendFrame>());
        var bytes = broadcast.Encode();

        SendFrame forward;
        byte[] forwarded;
        using (var parses = FrameParses.Count())
        {
            var decoded = FrameCodec.DecodeFrame(bytes);
            var effects = middleman.Handle(new FrameReceived(sender.Id, decoded), StateFixture.Now);
            forward = Assert.Single(effects.OfType<SendFrame>());
            forwarded = forward.Encode();

            Assert.Equal(1, parses.Of<Frame>());
            Assert.Equal(1, parses.Of<BroadcastPayload>());
            Assert.Equal(1, parses.Of<RequestPayload>());
            Assert.Equal(1, parses.Of<Certificate>());
            Assert.Equal(4, parses.All.Values.Sum());
        }
        Assert.Equal(_downstream.PublicKey, forward.To);
        Assert.Equal(Frame.KindOneofCase.AskForBroadcast, FrameCodec.Decode(forwarded).KindCase);
    }

    [Fact]
    public void Nothing_is_parsed_again_when_the_proof_of_work_is_solved()
    {
        var sender = Engine(_f.SenderKey);
        var solved = SolvedBroadcast(sender, Engine(_f.MiddlemanKey));
        using var parses = FrameParses.Count();

        var broadcast = Assert.Single(sender.Handle(solved, StateFixture.Now).OfType<SendFrame>());
        var bytes = broadcast.Encode();

        Assert.Empty(parses.All);
        Assert.Equal(Frame.KindOneofCase.PowBroadcast, broadcast.Frame.KindCase);
        Assert.NotEmpty(bytes);
    }

    [Fact]
    public void A_frame_handed_over_past_the_codec_is_read_and_forwarded_the_same()
    {
        var (sender, middleman) = (Engine(_f.SenderKey), Engine(_f.MiddlemanKey));
        var solved = SolvedBroadcast(sender, middleman);
        var broadcast = Assert.Single(sender.Handle(solved, StateFixture.Now).OfType<SendFrame>());

        var effects = middleman.Handle(new FrameReceived(sender.Id, broadcast.Frame.Clone()), StateFixture.Now);

        var forward = Assert.Single(effects.OfType<SendFrame>());
        Assert.Equal(_downstream.PublicKey, forward.To);
        Assert.Equal(Frame.KindOneofCase.AskForBroadcast, forward.Frame.KindCase);
        Assert.Empty(effects.OfType<EmitEvent>().Select(e => e.Event).OfType<FrameRejected>());
    }
}
