using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Simulation.Tests;

/// <summary>
/// Every check a node makes, each broken on purpose in flight by a hostile link: the frame is refused
/// with the check's own reason and goes no further.
/// </summary>
public class RejectionTests
{
    private static Frame Tamper(Frame frame, Action<Frame> change)
    {
        var copy = frame.Clone();
        change(copy);
        return copy;
    }

    [Fact]
    public void Middleman_rejects_a_broadcast_whose_nonce_does_not_meet_the_target()
    {
        using var line = new RideLine(10);
        line.Net.Interceptor = (from, to, frame) => frame.KindCase == Frame.KindOneofCase.PowBroadcast && from == line.Sender
            ? Tamper(frame, f => f.PowBroadcast.ProofOfWork.Nonce = NonceThatFails(f.PowBroadcast, line.Middleman))
            : frame;
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        Assert.Contains(line.Rejections(line.Middleman), r => r.Reason == RejectionReason.PowAboveTarget);
        Assert.DoesNotContain(line.Net.Trace, t => t.Contains($"{line.Middleman} -> {line.Driver}", StringComparison.Ordinal));
    }

    private static ulong NonceThatFails(PowBroadcastFrame frame, SimNode middleman)
    {
        var target = Protocol.Pow.PowTarget.FromLeadingZeroBits(new NodePolicy().PowLeadingZeroBits);
        var digest = Protocol.Pow.ProofOfWork.PayloadDigest(frame.AskId.Span, target, frame.BroadcastPayload.Span);
        var nonce = frame.ProofOfWork.Nonce;
        do nonce++;
        while (Protocol.Pow.ProofOfWork.Verify(digest, middleman.Id, frame.ProofOfWork.TimestampUnixMs, nonce, target,
            frame.ProofOfWork.TimestampUnixMs, 1) == Protocol.Pow.PowVerdict.Valid);
        return nonce;
    }

    [Fact]
    public void Middleman_rejects_a_broadcast_without_proof_of_work()
    {
        using var line = new RideLine(11);
        Frame? withoutPow = null;
        line.Net.Interceptor = (from, to, frame) =>
        {
            if (frame.KindCase != Frame.KindOneofCase.PowBroadcast || from != line.Sender) return frame;
            withoutPow = Tamper(frame, f => f.PowBroadcast.ProofOfWork = null);
            return null;
        };
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(1_000);
        Assert.NotNull(withoutPow);
        Assert.Throws<FrameFormatException>(() => FrameCodec.Encode(withoutPow));
        line.Net.Inject(line.Sender, line.Middleman, withoutPow, throughCodec: false);
        line.Net.RunFor(30_000);
        Assert.Contains(line.Rejections(line.Middleman), r => r.Reason == RejectionReason.MissingPow);
        Assert.Empty(line.Sender.EventsOf<OfferReceived>());
    }

    [Fact]
    public void Middleman_rejects_pow_after_timestamp_tolerance()
    {
        using var line = new RideLine(12);
        var tolerance = new NodePolicy().TimestampToleranceMs;
        line.Net.Interceptor = (from, to, frame) => frame.KindCase == Frame.KindOneofCase.PowBroadcast && from == line.Sender
            ? Tamper(frame, f => f.PowBroadcast.ProofOfWork.TimestampUnixMs -= tolerance + 1_000)
            : frame;
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        Assert.Contains(line.Rejections(line.Middleman), r => r.Reason == RejectionReason.PowTimestampExpired);
    }

    [Fact]
    public void Middleman_rejects_a_replayed_proof_of_work()
    {
        using var line = new RideLine(13);
        Frame? captured = null;
        line.Net.Interceptor = (from, to, frame) =>
        {
            if (frame.KindCase == Frame.KindOneofCase.PowBroadcast && from == line.Sender) captured = frame;
            return frame;
        };
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(1_000);
        Assert.NotNull(captured);
        line.Net.Inject(line.Sender, line.Middleman, captured);
        line.Net.RunFor(1_000);
        Assert.Contains(line.Rejections(line.Middleman), r => r.Reason == RejectionReason.ReplayedPow);
    }

    [Fact]
    public void Middleman_rejects_a_request_with_a_forged_signature()
    {
        using var line = new RideLine(14);
        line.Net.Interceptor = (from, to, frame) => frame.KindCase == Frame.KindOneofCase.AskForBroadcast && from == line.Sender
            ? Tamper(frame, f =>
            {
                var signature = f.AskForBroadcast.SignedRequestPayload.Signature.ToByteArray();
                signature[10] ^= 1;
                f.AskForBroadcast.SignedRequestPayload.Signature = ByteString.CopyFrom(signature);
            })
            : frame;
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        Assert.Contains(line.Rejections(line.Middleman), r => r.Reason == RejectionReason.BadRequestSignature);
        Assert.DoesNotContain(line.Net.Trace, t => t.Contains($"{line.Middleman} -> {line.Sender} PowBroadcastConditions", StringComparison.Ordinal));
    }

    [Fact]
    public void Middleman_rejects_a_sender_whose_certificate_was_revoked()
    {
        using var line = new RideLine(15);
        line.Settler.Authority.Revoke(SerialOf(line.Sender));
        line.Net.RefreshTrust();
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        var rejection = Assert.Single(line.Rejections(line.Middleman));
        Assert.Equal(RejectionReason.CertificateRejected, rejection.Reason);
        Assert.Contains("Revoked", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Middleman_rejects_a_sender_certified_by_an_untrusted_settler()
    {
        using var line = new RideLine(16);
        line.Net.RunFor(1);
        line.Middleman.Engine.Policy = line.Middleman.Engine.Policy with { TrustedSettlers = new Protocol.Certificates.TrustedSettlers([]) };
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        var rejection = Assert.Single(line.Rejections(line.Middleman));
        Assert.Equal(RejectionReason.CertificateRejected, rejection.Reason);
        Assert.Contains("UntrustedIssuer", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Middleman_rejects_a_sender_whose_certificate_expired()
    {
        using var line = new RideLine(17);
        line.Net.RunFor(366L * 86_400_000);
        line.Net.RefreshTrust();
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        var rejection = Assert.Single(line.Rejections(line.Middleman));
        Assert.Equal(RejectionReason.CertificateRejected, rejection.Reason);
        Assert.Contains("Expired", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Middleman_rejects_a_geohash_more_precise_than_its_policy()
    {
        using var line = new RideLine(18);
        var topic = World.SydneyRide(line.Net.Now);
        topic.Taxi.FromGeohash = "r3gx2g5k";
        line.Net.Do(line.Sender, new BroadcastTopic(topic, line.Net.Now + 10_000));
        line.Net.RunFor(30_000);
        var rejection = Assert.Single(line.Rejections(line.Middleman));
        Assert.Equal(RejectionReason.TopicRejected, rejection.Reason);
    }

    [Fact]
    public void Middleman_rejects_a_reply_whose_onion_was_tampered_with()
    {
        using var line = new RideLine(19);
        line.Net.Interceptor = (from, to, frame) => frame.KindCase == Frame.KindOneofCase.Reply && from == line.Driver
            ? Tamper(frame, f =>
            {
                // A byte of the middleman's own slot (the first of the fixed-size onion).
                var onion = f.Reply.FixedBackwardOnion.ToByteArray();
                onion[40] ^= 0x40;
                f.Reply.FixedBackwardOnion = ByteString.CopyFrom(onion);
            })
            : frame;
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        Assert.Contains(line.Rejections(line.Middleman), r => r.Reason == RejectionReason.TamperedOnion);
        Assert.Empty(line.Sender.EventsOf<OfferReceived>());
    }

    [Fact]
    public void Middleman_rejects_a_reply_whose_settlement_promise_was_tampered_with()
    {
        using var line = new RideLine(20);
        line.Net.Interceptor = (from, to, frame) => frame.KindCase == Frame.KindOneofCase.Reply && from == line.Driver
            ? Tamper(frame, f =>
            {
                var promise = SettlementPromise.Parser.ParseFrom(f.Reply.SettlementPromise.SettlementPromise);
                promise.NetworkAmountMsat = 1;
                f.Reply.SettlementPromise.SettlementPromise = promise.ToByteString();
            })
            : frame;
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        Assert.Contains(line.Rejections(line.Middleman), r => r.Reason == RejectionReason.BadPromiseSignature);
        Assert.Empty(line.Sender.EventsOf<OfferReceived>());
    }

    [Fact]
    public void Middleman_rejects_a_network_invoice_on_another_hash_than_promised()
    {
        using var line = new RideLine(21);
        line.Net.Interceptor = (from, to, frame) => frame.KindCase == Frame.KindOneofCase.Reply && from == line.Driver
            ? Tamper(frame, f => f.Reply.NetworkInvoice = line.Net.Ledger.CreateInvoice(line.Driver.Account,
                new Payments.HodlInvoiceRequest(Protocol.Bolt11.PaymentHash.FromBytes(new byte[32]), 5_000, "other"),
                DateTimeOffset.FromUnixTimeMilliseconds(line.Net.Now)).Bolt11)
            : frame;
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        Assert.Contains(line.Rejections(line.Middleman), r => r.Reason == RejectionReason.InvoiceHashMismatch);
    }

    [Fact]
    public void Sender_rejects_an_offer_whose_network_fee_is_above_its_limit()
    {
        using var line = new RideLine(22, sender: new SenderPolicy { MaxNetworkFeeMsat = 2_500 });
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        Assert.Contains(line.Rejections(line.Sender), r => r.Reason == RejectionReason.FeeAboveLimit);
        Assert.Empty(line.Sender.EventsOf<OfferPaid>());
        Assert.Equal(0, line.Net.Earned(line.Sender));
    }

    [Fact]
    public void Middleman_cannot_settle_its_invoice_before_the_preimage_exists()
    {
        using var line = new RideLine(23);
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(12_000);
        var offer = Assert.Single(line.Sender.EventsOf<OfferPaid>());
        var hash = line.Sender.EventsOf<OfferReceived>().Single().Offer.NetworkPaymentHash;
        var before = line.Net.BalanceOf(line.Middleman);
        var forged = Protocol.Bolt11.Preimage.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var refused = Assert.Throws<Payments.WalletException>(() => line.Net.Ledger.Settle(line.Middleman.Account,
            Protocol.Bolt11.PaymentHash.FromBytes(hash), forged, DateTimeOffset.FromUnixTimeMilliseconds(line.Net.Now)));
        Assert.Equal(Payments.WalletError.WrongPreimage, refused.Error);
        Assert.Equal(before, line.Net.BalanceOf(line.Middleman));
        Assert.NotNull(offer);
    }

    private static ByteString SerialOf(SimNode node) => node.Engine.Certificate.ReadCertificate().Serial;
}
