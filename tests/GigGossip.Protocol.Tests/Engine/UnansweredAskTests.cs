using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>
/// A peer that refuses an AskForBroadcast (it already broadcast the request) answers nothing, so the asker forgets an
/// unanswered ask after <see cref="NodePolicy.AskAnswerTimeoutMs"/> instead of holding it for the memory window;
/// an answered ask is still solved and sent after that time.
/// </summary>
public sealed class UnansweredAskTests
{
    private readonly StateFixture _f = new();

    private NodeEngine Engine(SecretKey key) =>
        new(new NodeIdentity(key, _f.Certificate(key)), _f.Policy with { PowLeadingZeroBits = 4, OneTimeSenderKeys = false }, new Random(7));

    private static readonly Topic Ride = new()
    {
        Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = "r3gx2u0", PickupAfterUnixMs = StateFixture.Now, PickupBeforeUnixMs = StateFixture.Now + 600_000, DistanceM = 3_200 },
    };

    private (NodeEngine Sender, NodeEngine Middleman, SendFrame Ask) Asked()
    {
        var (sender, middleman) = (Engine(_f.SenderKey), Engine(_f.MiddlemanKey));
        sender.Handle(new PeerConnected(middleman.Id), StateFixture.Now);
        middleman.Handle(new PeerConnected(sender.Id), StateFixture.Now);
        var ask = Assert.Single(sender.Handle(new BroadcastTopic(Ride, StateFixture.Now + 600_000), StateFixture.Now).OfType<SendFrame>());
        return (sender, middleman, ask);
    }

    [Fact]
    public void An_unanswered_ask_is_forgotten_after_the_answer_timeout_and_late_conditions_are_refused()
    {
        var (sender, middleman, ask) = Asked();
        var conditions = Assert.Single(middleman.Handle(new FrameReceived(sender.Id, FrameCodec.DecodeFrame(ask.Encode())), StateFixture.Now).OfType<SendFrame>());
        Assert.Equal(1, sender.OpenAsks);

        var later = StateFixture.Now + _f.Policy.AskAnswerTimeoutMs;
        sender.ForgetExpired(later - 1);
        Assert.Equal(1, sender.OpenAsks);
        sender.ForgetExpired(later);
        Assert.Equal(0, sender.OpenAsks);

        var effects = sender.Handle(new FrameReceived(middleman.Id, FrameCodec.DecodeFrame(conditions.Encode())), later);
        Assert.Empty(effects.OfType<SolvePow>());
        Assert.Contains(effects.OfType<EmitEvent>(), e => e.Event is FrameRejected { Reason: RejectionReason.UnknownAsk });
    }

    [Fact]
    public void An_answered_ask_is_kept_past_the_answer_timeout_and_its_broadcast_sent()
    {
        var (sender, middleman, ask) = Asked();
        var conditions = Assert.Single(middleman.Handle(new FrameReceived(sender.Id, FrameCodec.DecodeFrame(ask.Encode())), StateFixture.Now).OfType<SendFrame>());
        var pow = Assert.Single(sender.Handle(new FrameReceived(middleman.Id, FrameCodec.DecodeFrame(conditions.Encode())), StateFixture.Now + 1).OfType<SolvePow>());

        var later = StateFixture.Now + _f.Policy.AskAnswerTimeoutMs + 1;
        sender.ForgetExpired(later);
        Assert.Equal(1, sender.OpenAsks);
        var nonce = PowSolver.Solve(new PowWorkUnit(pow.PayloadDigest, pow.Middleman, later), pow.Target, 1, CancellationToken.None);
        var broadcast = Assert.Single(sender.Handle(new PowSolved(pow.AskId, later, nonce), later).OfType<SendFrame>());
        Assert.NotNull(broadcast.Encode());
        Assert.Equal(0, sender.OpenAsks);
    }
}
