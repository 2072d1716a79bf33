using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Pow;
using Google.Protobuf;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>
/// The sender's stamp through real engines (issue #17): an honest sender solves it once before its first ask and every hop
/// checks and passes it on; the cheats (one stamp on many requests, a stamp moved or kept on a changed request, one bit short,
/// stripped by a relay) are refused with their own reason and count against the peer; a replayed honest request is still
/// refused as already broadcast.
/// </summary>
public sealed class StampTests
{
    private const int StampBits = 10;
    private const long Now = StateFixture.Now;

    private readonly StateFixture _f = new();
    private readonly SecretKey _spammer = SecretKey.Generate();
    private readonly PublicKey _next = SecretKey.Generate().PublicKey;

    private NodePolicy Policy(int stampBits = StampBits, int? dropAfter = null) =>
        _f.Policy with { PowLeadingZeroBits = 4, StampBits = stampBits, MaxRejectedFramesPerPeer = dropAfter };

    private NodeEngine Middleman(int? dropAfter = null)
    {
        var middleman = new NodeEngine(new NodeIdentity(_f.MiddlemanKey, _f.Certificate(_f.MiddlemanKey)), Policy(dropAfter: dropAfter), new Random(2));
        foreach (var peer in new[] { _f.SenderKey.PublicKey, _spammer.PublicKey, _next }) middleman.Handle(new PeerConnected(peer), Now);
        return middleman;
    }

    private NodeEngine Sender(int stampBits = StampBits)
    {
        var sender = new NodeEngine(new NodeIdentity(_f.SenderKey, _f.Certificate(_f.SenderKey)), Policy(stampBits), new Random(1));
        sender.Handle(new PeerConnected(_f.MiddlemanKey.PublicKey), Now);
        return sender;
    }

    private static Topic Ride() => new()
    {
        Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = "r3gx2u0", PickupAfterUnixMs = Now, PickupBeforeUnixMs = Now + 600_000, DistanceM = 3_200 },
    };

    private SignedRequestPayload SpamRequest() => SignedRequests.Create(Ride(), _f.Certificate(_spammer), _spammer, Now + 600_000);

    private static RequestStamp Stamp(SignedRequestPayload request, SecretKey signer, int bits = StampBits) =>
        RequestStamps.Solve(request, signer.PublicKey, bits, Now);

    private static Frame Ask(SignedRequestPayload request, RequestStamp? stamp) =>
        new() { AskForBroadcast = new AskForBroadcastFrame { AskId = FrameIds.New(), SignedRequestPayload = request, Stamp = stamp } };

    private static ulong Solve(SolvePow pow) =>
        PowSolver.Solve(new PowWorkUnit(pow.PayloadDigest, pow.Middleman, Now), pow.Target, 1, CancellationToken.None);

    private static List<FrameRejected> Rejections(IEnumerable<EngineEffect> effects) =>
        [.. effects.OfType<EmitEvent>().Select(e => e.Event).OfType<FrameRejected>()];

    private static List<SendFrame> Sent(IEnumerable<EngineEffect> effects, Frame.KindOneofCase kind) =>
        [.. effects.OfType<SendFrame>().Where(s => s.Frame.KindCase == kind)];

    /// <summary>The PowBroadcast a peer sends for conditions it got: the payload (with <paramref name="stamp"/>) and its per-hop proof.</summary>
    private Frame Broadcast(PublicKey from, PowBroadcastConditionsFrame conditions, SignedRequestPayload request, RequestStamp? stamp)
    {
        var onion = FixedSizeOnion.Grow(FixedSizeOnion.Start(from), from, _f.MiddlemanKey.PublicKey);
        var payload = new BroadcastPayload { SignedRequestPayload = request, FixedBackwardOnion = ByteString.CopyFrom(onion), Stamp = stamp }.ToByteArray();
        var target = PowTarget.FromBytes(conditions.WorkRequest.PowTarget.Span);
        var digest = Protocol.Pow.ProofOfWork.PayloadDigest(conditions.AskId.Span, target, payload);
        var nonce = PowSolver.Solve(new PowWorkUnit(digest, _f.MiddlemanKey.PublicKey, Now), target, 1, CancellationToken.None);
        return new Frame
        {
            PowBroadcast = new PowBroadcastFrame
            {
                AskId = conditions.AskId,
                BroadcastPayload = ByteString.CopyFrom(payload),
                ProofOfWork = new Protocol.Frames.ProofOfWork { PowScheme = "sha256", TimestampUnixMs = Now, Nonce = nonce },
            },
        };
    }

    /// <summary>The ask goes through: the middleman answers with conditions.</summary>
    private static PowBroadcastConditionsFrame Conditions(NodeEngine middleman, PublicKey from, Frame ask)
    {
        var effects = middleman.Handle(new FrameReceived(from, ask), Now);
        Assert.Empty(Rejections(effects));
        return Assert.Single(Sent(effects, Frame.KindOneofCase.PowBroadcastConditions)).Frame.PowBroadcastConditions;
    }

    [Fact]
    public void An_honest_sender_stamps_once_before_its_first_ask_and_every_hop_passes_the_stamp_on()
    {
        var sender = Sender();
        var middleman = Middleman();

        var started = sender.Handle(new BroadcastTopic(Ride(), Now + 600_000), Now);
        Assert.Empty(started.OfType<SendFrame>());
        var stampWork = Assert.Single(started.OfType<SolvePow>());
        Assert.Equal(PowTarget.FromLeadingZeroBits(StampBits), stampWork.Target);
        Assert.Equal(_f.SenderKey.PublicKey, stampWork.Middleman);

        var ask = Assert.Single(Sent(sender.Handle(new PowSolved(stampWork.AskId, Now, Solve(stampWork)), Now), Frame.KindOneofCase.AskForBroadcast)).Frame;
        var stamp = ask.AskForBroadcast.Stamp;
        Assert.NotNull(stamp);
        Assert.Equal(stampWork.PayloadDigest, RequestStamps.Digest(ask.AskForBroadcast.SignedRequestPayload));
        Assert.Equal(StampVerdict.Valid, RequestStamps.Verify(stamp, ask.AskForBroadcast.SignedRequestPayload, _f.SenderKey.PublicKey, StampBits));

        var conditions = Assert.Single(middleman.Handle(new FrameReceived(sender.Id, ask), Now).OfType<SendFrame>());
        var hop = Assert.Single(sender.Handle(new FrameReceived(middleman.Id, conditions.Frame), Now).OfType<SolvePow>());
        var broadcast = Assert.Single(sender.Handle(new PowSolved(hop.AskId, Now, Solve(hop)), Now).OfType<SendFrame>());
        Assert.Equal(stamp, broadcast.Frame.PowBroadcast.ReadBroadcastPayload().Stamp);

        var forwarded = middleman.Handle(new FrameReceived(sender.Id, broadcast.Frame), Now);
        Assert.Empty(Rejections(forwarded));
        Assert.Single(forwarded.OfType<EmitEvent>().Select(e => e.Event).OfType<BroadcastReceived>());
        var onward = Sent(forwarded, Frame.KindOneofCase.AskForBroadcast);
        Assert.Contains(onward, f => f.To.Equals(_next));
        Assert.All(onward, f => Assert.Equal(stamp, f.Frame.AskForBroadcast.Stamp));
    }

    [Fact]
    public void Without_stamp_bits_the_sender_asks_at_once_with_no_stamp()
    {
        var effects = Sender(stampBits: 0).Handle(new BroadcastTopic(Ride(), Now + 600_000), Now);
        Assert.Empty(effects.OfType<SolvePow>());
        Assert.Null(Assert.Single(Sent(effects, Frame.KindOneofCase.AskForBroadcast)).Frame.AskForBroadcast.Stamp);
    }

    [Fact]
    public void A_spammer_reusing_one_stamp_on_many_requests_gets_one_through_and_is_dropped_for_the_rest()
    {
        var middleman = Middleman(dropAfter: 3);
        var first = SpamRequest();
        var stamp = Stamp(first, _spammer);
        Conditions(middleman, _spammer.PublicKey, Ask(first, stamp));

        var refusals = new List<FrameRejected>();
        var drops = new List<DropPeer>();
        for (var i = 0; i < 3; i++)
        {
            var effects = middleman.Handle(new FrameReceived(_spammer.PublicKey, Ask(SpamRequest(), stamp)), Now);
            Assert.Empty(Sent(effects, Frame.KindOneofCase.PowBroadcastConditions));
            refusals.AddRange(Rejections(effects));
            drops.AddRange(effects.OfType<DropPeer>());
        }

        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, r => Assert.Equal(RejectionReason.BadStamp, r.Reason));
        Assert.Contains("fewer than 10 leading zero bits", refusals[0].Detail, StringComparison.Ordinal);
        Assert.Equal(_spammer.PublicKey, Assert.Single(drops).Peer);
    }

    [Fact]
    public void A_stamp_solved_for_request_A_and_attached_to_request_B_is_refused_at_the_broadcast()
    {
        var middleman = Middleman();
        var a = SpamRequest();
        var b = SpamRequest();
        var conditions = Conditions(middleman, _spammer.PublicKey, Ask(b, Stamp(b, _spammer)));

        var effects = middleman.Handle(new FrameReceived(_spammer.PublicKey, Broadcast(_spammer.PublicKey, conditions, b, Stamp(a, _spammer))), Now);

        Assert.Equal(RejectionReason.BadStamp, Assert.Single(Rejections(effects)).Reason);
        Assert.Empty(effects.OfType<SendFrame>());
    }

    [Fact]
    public void A_request_changed_and_signed_again_after_stamping_is_refused()
    {
        var middleman = Middleman();
        var request = SpamRequest();
        var stamp = Stamp(request, _spammer);
        var payload = request.ReadRequestPayload();
        payload.Topic.Taxi.ToGeohash = "r3gx2u8";
        var changed = SignedRequests.Sign(payload, _spammer);

        var effects = middleman.Handle(new FrameReceived(_spammer.PublicKey, Ask(changed, stamp)), Now);

        Assert.Equal(RejectionReason.BadStamp, Assert.Single(Rejections(effects)).Reason);
        Assert.Empty(Sent(effects, Frame.KindOneofCase.PowBroadcastConditions));
    }

    [Fact]
    public void A_stamp_one_bit_short_is_refused()
    {
        var middleman = Middleman();
        var request = SpamRequest();
        var nonce = Pow.RequestStampTests.NonceWithExactly(RequestStamps.Digest(request), _spammer.PublicKey, StampBits - 1);
        var shortStamp = new RequestStamp { TimestampUnixMs = 1_760_000_000_000, Nonce = nonce };

        var effects = middleman.Handle(new FrameReceived(_spammer.PublicKey, Ask(request, shortStamp)), Now);

        Assert.Equal(RejectionReason.BadStamp, Assert.Single(Rejections(effects)).Reason);
        Assert.Empty(Sent(effects, Frame.KindOneofCase.PowBroadcastConditions));
    }

    [Fact]
    public void A_relay_that_strips_the_stamp_is_refused_at_the_ask_and_at_the_broadcast()
    {
        var middleman = Middleman();
        var request = SpamRequest();
        var stamp = Stamp(request, _spammer);

        var unstampedAsk = middleman.Handle(new FrameReceived(_next, Ask(request, null)), Now);
        var refusal = Assert.Single(Rejections(unstampedAsk));
        Assert.Equal(RejectionReason.MissingStamp, refusal.Reason);
        Assert.Equal("the request carries no sender's stamp (10 bits required)", refusal.Detail);
        Assert.Empty(Sent(unstampedAsk, Frame.KindOneofCase.PowBroadcastConditions));

        var conditions = Conditions(middleman, _next, Ask(request, stamp));
        var stripped = middleman.Handle(new FrameReceived(_next, Broadcast(_next, conditions, request, stamp: null)), Now);
        Assert.Equal(RejectionReason.MissingStamp, Assert.Single(Rejections(stripped)).Reason);
        Assert.Empty(stripped.OfType<SendFrame>());
        Assert.Empty(stripped.OfType<EmitEvent>().Select(e => e.Event).OfType<BroadcastReceived>());
    }

    [Fact]
    public void Replaying_an_honest_stamped_request_is_refused_as_already_broadcast()
    {
        var middleman = Middleman();
        var request = SpamRequest();
        var stamp = Stamp(request, _spammer);
        var conditions = Conditions(middleman, _spammer.PublicKey, Ask(request, stamp));
        var accepted = middleman.Handle(new FrameReceived(_spammer.PublicKey, Broadcast(_spammer.PublicKey, conditions, request, stamp)), Now);
        Assert.Single(accepted.OfType<EmitEvent>().Select(e => e.Event).OfType<BroadcastReceived>());

        foreach (var from in new[] { _spammer.PublicKey, _next })
        {
            var replay = middleman.Handle(new FrameReceived(from, Ask(request, stamp)), Now + 1_000);
            Assert.Equal(RejectionReason.MultibroadcastLimit, Assert.Single(Rejections(replay)).Reason);
            Assert.Empty(Sent(replay, Frame.KindOneofCase.PowBroadcastConditions));
        }
    }
}
