using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Pow;
using Google.Protobuf;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>
/// Every broadcast follows an ask carrying its request, so a relay keeps the ask's checked request with the conditions it
/// issued and verifies the request's and its certificate's signatures once per broadcast (counted with
/// <see cref="SignatureChecks"/>); a request changed between ask and broadcast is verified afresh and a forged one refused.
/// </summary>
public sealed class AskedRequestTests
{
    private static readonly PowTarget Target = PowTarget.FromLeadingZeroBits(4);
    private readonly StateFixture _f = new();
    private readonly SecretKey _downstream = SecretKey.Generate();
    private readonly NodeEngine _sender;
    private readonly NodeEngine _middleman;

    public AskedRequestTests()
    {
        _sender = Engine(_f.SenderKey);
        _middleman = Engine(_f.MiddlemanKey);
        _sender.Handle(new PeerConnected(_middleman.Id), StateFixture.Now);
        _middleman.Handle(new PeerConnected(_sender.Id), StateFixture.Now);
        _middleman.Handle(new PeerConnected(_downstream.PublicKey), StateFixture.Now);
    }

    private NodeEngine Engine(SecretKey key) =>
        new(new NodeIdentity(key, _f.Certificate(key)), _f.Policy with { PowLeadingZeroBits = 4, OneTimeSenderKeys = false }, new Random(7));

    private static Topic Ride(string to) => new()
    {
        Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = to, PickupAfterUnixMs = StateFixture.Now, PickupBeforeUnixMs = StateFixture.Now + 600_000, DistanceM = 3_200 },
    };

    /// <summary>The sender asks (the middleman checks the request and answers with conditions) and sends its PowBroadcast; the ask's signature count.</summary>
    private (PowBroadcastFrame Broadcast, int AskVerifications) AskAndSolve()
    {
        var ask = Assert.Single(_sender.Handle(new BroadcastTopic(Ride("r3gx2u0"), StateFixture.Now + 600_000), StateFixture.Now).OfType<SendFrame>());
        SendFrame conditions;
        int verifications;
        using (var checks = SignatureChecks.Count())
        {
            conditions = Assert.Single(_middleman.Handle(new FrameReceived(_sender.Id, FrameCodec.DecodeFrame(ask.Encode())), StateFixture.Now).OfType<SendFrame>());
            verifications = checks.Verifications;
        }
        var pow = Assert.Single(_sender.Handle(new FrameReceived(_middleman.Id, FrameCodec.DecodeFrame(conditions.Encode())), StateFixture.Now).OfType<SolvePow>());
        var nonce = PowSolver.Solve(new PowWorkUnit(pow.PayloadDigest, pow.Middleman, StateFixture.Now), pow.Target, 1, CancellationToken.None);
        var broadcast = Assert.Single(_sender.Handle(new PowSolved(pow.AskId, StateFixture.Now, nonce), StateFixture.Now).OfType<SendFrame>());
        return (broadcast.Frame.PowBroadcast, verifications);
    }

    /// <summary>The broadcast with its payload's signed request replaced, and a new proof of work for the changed payload.</summary>
    private PowBroadcastFrame WithRequest(PowBroadcastFrame broadcast, SignedRequestPayload request)
    {
        var payload = broadcast.ReadBroadcastPayload().Clone();
        payload.SignedRequestPayload = request;
        var bytes = payload.ToByteArray();
        var digest = Protocol.Pow.ProofOfWork.PayloadDigest(broadcast.AskId.Span, Target, bytes);
        var nonce = PowSolver.Solve(new PowWorkUnit(digest, _middleman.Id, StateFixture.Now), Target, 1, CancellationToken.None);
        var changed = broadcast.Clone();
        changed.BroadcastPayload = ByteString.CopyFrom(bytes);
        changed.ProofOfWork = new GigGossip.Protocol.Frames.ProofOfWork { PowScheme = broadcast.ProofOfWork.PowScheme, TimestampUnixMs = StateFixture.Now, Nonce = nonce };
        return changed;
    }

    private (IReadOnlyList<EngineEffect> Effects, int Verifications) Relay(PowBroadcastFrame broadcast)
    {
        var decoded = FrameCodec.DecodeFrame(FrameCodec.Encode(new Frame { PowBroadcast = broadcast }));
        using var checks = SignatureChecks.Count();
        var effects = _middleman.Handle(new FrameReceived(_sender.Id, decoded), StateFixture.Now);
        return (effects, checks.Verifications);
    }

    private static IEnumerable<FrameRejected> Rejections(IReadOnlyList<EngineEffect> effects) => effects.OfType<EmitEvent>().Select(e => e.Event).OfType<FrameRejected>();

    [Fact]
    public void The_broadcast_of_the_asked_request_verifies_no_signature_again()
    {
        var (broadcast, askVerifications) = AskAndSolve();

        var (effects, verifications) = Relay(broadcast);

        Assert.Equal(2, askVerifications); // the request's signature and its certificate's
        Assert.Equal(0, verifications);
        Assert.Empty(Rejections(effects));
        var forward = Assert.Single(effects.OfType<SendFrame>());
        Assert.Equal(_downstream.PublicKey, forward.To);
        Assert.Equal(Frame.KindOneofCase.AskForBroadcast, forward.Frame.KindCase);
    }

    [Fact]
    public void A_request_forged_between_ask_and_broadcast_is_verified_afresh_and_refused()
    {
        var (broadcast, _) = AskAndSolve();
        var forged = broadcast.ReadBroadcastPayload().SignedRequestPayload.Clone();
        var signature = forged.Signature.ToByteArray();
        signature[5] ^= 0x01;
        forged.Signature = ByteString.CopyFrom(signature);

        var (effects, verifications) = Relay(WithRequest(broadcast, forged));

        Assert.True(verifications >= 1);
        Assert.Contains(Rejections(effects), r => r.Reason == RejectionReason.BadRequestSignature);
        Assert.Empty(effects.OfType<SendFrame>());
    }

    [Fact]
    public void Another_valid_request_after_the_ask_is_verified_afresh_and_relayed()
    {
        var (broadcast, _) = AskAndSolve();
        var other = SignedRequests.Create(Ride("r3gx2u1"), _f.Certificate(_f.SenderKey), _f.SenderKey, StateFixture.Now + 600_000);

        var (effects, verifications) = Relay(WithRequest(broadcast, other));

        Assert.Equal(2, verifications);
        Assert.Empty(Rejections(effects));
        Assert.Equal(Frame.KindOneofCase.AskForBroadcast, Assert.Single(effects.OfType<SendFrame>()).Frame.KindCase);
    }
}
