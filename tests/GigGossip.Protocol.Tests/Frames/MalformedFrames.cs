using Google.Protobuf;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Tests.Frames;

/// <summary>One malformed frame per structural check of the codec, with the message it must produce.</summary>
internal static class MalformedFrames
{
    public static readonly IReadOnlyDictionary<string, (Func<Frame> Make, string Expected)> Cases =
        new Dictionary<string, (Func<Frame>, string)>
        {
            ["frame without message"] = (() => new Frame(), "frame has no message set"),

            ["funding notice hash of 31 bytes"] = (() => Notice(Samples.Bytes(31), "htlc-funding:00:00:0"), "funding_notice.network_payment_hash must be 32 bytes, got 31"),
            ["funding notice empty"] = (() => Notice(Samples.Bytes(32), ""), "funding_notice.notice is empty"),
            ["funding notice of 401 characters"] = (() => Notice(Samples.Bytes(32), new string('0', 401)), "funding_notice.notice is 401 characters, at most 400"),
            ["funding notice both clear and sealed"] = (() => Sealed(Samples.Bytes(32), "htlc-funding:00:00:0", Samples.Bytes(100)), "funding_notice carries both notice and sealed_notice"),
            ["sealed funding notice of 449 bytes"] = (() => Sealed(Samples.Bytes(32), "", Samples.Bytes(449)), "funding_notice.sealed_notice is 449 bytes, at most 448"),

            ["ask id of 15 bytes"] = (Ask(f => f.AskForBroadcast.AskId = Samples.Bytes(15)), "ask_for_broadcast.ask_id must be 16 bytes, got 15"),
            ["ask without signed request"] = (Ask(f => f.AskForBroadcast.SignedRequestPayload = null), "ask_for_broadcast.signed_request_payload is missing"),
            ["request signature of 63 bytes"] = (Ask(f => f.AskForBroadcast.SignedRequestPayload.Signature = Samples.Bytes(63)), "ask_for_broadcast.signed_request_payload.signature must be 64 bytes, got 63"),
            ["request payload not protobuf"] = (Ask(f => f.AskForBroadcast.SignedRequestPayload.RequestPayload = Samples.Bytes(9, 0xFF)), "ask_for_broadcast.signed_request_payload.request_payload is not a valid RequestPayload"),
            ["payload id of 17 bytes"] = (Request(p => p.PayloadId = Samples.Bytes(17)), "request_payload.payload_id must be 16 bytes, got 17"),
            ["request without topic"] = (Request(p => p.Topic = null), "request_payload.topic is missing"),
            ["topic without kind"] = (Request(p => p.Topic = new Topic()), "request_payload.topic has no kind set"),
            ["request without sender certificate"] = (Request(p => p.SenderCertificate = null), "request_payload.sender_certificate is missing"),
            ["certificate signature empty"] = (Request(p => p.SenderCertificate.Signature = ByteString.Empty), "sender_certificate.signature must be 64 bytes, got 0"),
            ["certificate not protobuf"] = (Request(p => p.SenderCertificate.Certificate = Samples.Bytes(5, 0xFF)), "sender_certificate.certificate is not a valid Certificate"),
            ["serial of 8 bytes"] = (Cert(c => c.Serial = Samples.Bytes(8)), "sender_certificate.certificate.serial must be 16 bytes, got 8"),
            ["subject key of 33 bytes"] = (Cert(c => c.SubjectPublicKey = Samples.Bytes(33)), "certificate.subject_public_key must be 32 bytes, got 33"),
            ["issuer key of 31 bytes"] = (Cert(c => c.IssuerPublicKey = Samples.Bytes(31)), "certificate.issuer_public_key must be 32 bytes, got 31"),
            ["issuer uri empty"] = (Cert(c => c.IssuerUri = ""), "certificate.issuer_uri is empty"),
            ["validity reversed"] = (Cert(c => c.NotBeforeUnixMs = c.NotAfterUnixMs + 1), "certificate.not_before_unix_ms"),
            ["33 certificate properties"] = (Cert(c => { for (var i = 0; i < 32; i++) c.Properties.Add($"p{i}", ByteString.Empty); }), "certificate.properties has 33 entries, more than the limit of 32"),

            ["conditions ask id empty"] = (Conditions(f => f.PowBroadcastConditions.AskId = ByteString.Empty), "pow_broadcast_conditions.ask_id must be 16 bytes, got 0"),
            ["conditions without work request"] = (Conditions(f => f.PowBroadcastConditions.WorkRequest = null), "pow_broadcast_conditions.work_request is missing"),
            ["work request without scheme"] = (Conditions(f => f.PowBroadcastConditions.WorkRequest.PowScheme = ""), "pow_broadcast_conditions.work_request.pow_scheme is empty"),
            ["pow target of 31 bytes"] = (Conditions(f => f.PowBroadcastConditions.WorkRequest.PowTarget = Samples.Bytes(31)), "pow_broadcast_conditions.work_request.pow_target must be 32 bytes, got 31"),
            ["negative timestamp tolerance"] = (Conditions(f => f.PowBroadcastConditions.TimestampToleranceMs = -1), "pow_broadcast_conditions.timestamp_tolerance_ms must not be negative"),
            ["negative routing fee"] = (Conditions(f => f.PowBroadcastConditions.RoutingFeeMsat = -1), "pow_broadcast_conditions.routing_fee_msat must not be negative"),

            ["pow broadcast ask id of 14 bytes"] = (Pow(f => f.PowBroadcast.AskId = Samples.Bytes(14)), "pow_broadcast.ask_id must be 16 bytes, got 14"),
            ["broadcast payload not protobuf"] = (Pow(f => f.PowBroadcast.BroadcastPayload = Samples.Bytes(7, 0xFF)), "pow_broadcast.broadcast_payload is not a valid BroadcastPayload"),
            ["broadcast payload without request"] = (Broadcast(b => b.SignedRequestPayload = null), "pow_broadcast.broadcast_payload.signed_request_payload is missing"),
            ["broadcast request with bad payload id"] = (Broadcast(b => b.SignedRequestPayload.RequestPayload = Samples.Edit(b.SignedRequestPayload.RequestPayload, RequestPayload.Parser, p => p.PayloadId = Samples.Bytes(3))), "pow_broadcast.broadcast_payload.signed_request_payload.request_payload.payload_id must be 16 bytes, got 3"),
            ["backward onion over the limit"] = (Broadcast(b => b.BackwardOnion = Samples.Bytes(FrameLimits.Default.MaxOnionBytes + 1)), $"pow_broadcast.broadcast_payload.backward_onion is {FrameLimits.Default.MaxOnionBytes + 1} bytes, more than the {FrameLimits.Default.MaxOnionBytes}-byte limit"),
            ["pow broadcast without proof"] = (Pow(f => f.PowBroadcast.ProofOfWork = null), "pow_broadcast.proof_of_work is missing"),
            ["proof without scheme"] = (Pow(f => f.PowBroadcast.ProofOfWork.PowScheme = ""), "pow_broadcast.proof_of_work.pow_scheme is empty"),

            ["reply without encrypted payload"] = (Reply(f => f.Reply.EncryptedReplyPayload = ByteString.Empty), "reply.encrypted_reply_payload is empty"),
            ["reply without promise"] = (Reply(f => f.Reply.SettlementPromise = null), "reply.settlement_promise is missing"),
            ["promise signature of 65 bytes"] = (Reply(f => f.Reply.SettlementPromise.Signature = Samples.Bytes(65)), "reply.settlement_promise.signature must be 64 bytes, got 65"),
            ["promise not protobuf"] = (Reply(f => f.Reply.SettlementPromise.SettlementPromise = Samples.Bytes(4, 0xFF)), "reply.settlement_promise.settlement_promise is not a valid SettlementPromise"),
            ["promise without settler uri"] = (Promise(p => p.SettlerUri = ""), "settlement_promise.settler_uri is empty"),
            ["settler key of 33 bytes"] = (Promise(p => p.SettlerPublicKey = Samples.Bytes(33)), "settlement_promise.settler_public_key must be 32 bytes, got 33"),
            ["network payment hash of 20 bytes"] = (Promise(p => p.NetworkPaymentHash = Samples.Bytes(20)), "settlement_promise.network_payment_hash must be 32 bytes, got 20"),
            ["reply payload hash empty"] = (Promise(p => p.HashOfEncryptedReplyPayload = ByteString.Empty), "settlement_promise.hash_of_encrypted_reply_payload must be 32 bytes, got 0"),
            ["reply payment hash of 64 bytes"] = (Promise(p => p.ReplyPaymentHash = Samples.Bytes(64)), "settlement_promise.reply_payment_hash must be 32 bytes, got 64"),
            ["promise payload id empty"] = (Promise(p => p.PayloadId = ByteString.Empty), "settlement_promise.payload_id must be 16 bytes, got 0"),
            ["negative reply amount"] = (Promise(p => p.ReplyPaymentAmountMsat = -5), "settlement_promise.reply_payment_amount_msat must not be negative, got -5"),
            ["negative network amount"] = (Promise(p => p.NetworkAmountMsat = -1), "settlement_promise.network_amount_msat must not be negative"),
            ["forward onion over the limit"] = (Reply(f => f.Reply.BackwardOnion = Samples.Bytes(FrameLimits.Default.MaxOnionBytes + 1)), "reply.backward_onion is"),
            ["reply without network invoice"] = (Reply(f => f.Reply.NetworkInvoice = ""), "reply.network_invoice is empty"),
            ["reply without encrypted reply invoice"] = (Reply(f => f.Reply.EncryptedReplyInvoice = ByteString.Empty), "reply.encrypted_reply_invoice is empty"),

            ["cancel payload id of 32 bytes"] = (Cancel(f => f.CancelBroadcast.PayloadId = Samples.Bytes(32)), "cancel_broadcast.payload_id must be 16 bytes, got 32"),
            ["cancel signature empty"] = (Cancel(f => f.CancelBroadcast.Signature = ByteString.Empty), "cancel_broadcast.signature must be 64 bytes, got 0"),
        };

    private static Func<Frame> With(Func<Frame> make, Action<Frame> edit) => () =>
    {
        var frame = make();
        edit(frame);
        return frame;
    };

    private static Func<Frame> Ask(Action<Frame> edit) => With(Samples.AskForBroadcast, edit);

    private static Func<Frame> Conditions(Action<Frame> edit) => With(Samples.PowBroadcastConditions, edit);

    private static Func<Frame> Pow(Action<Frame> edit) => With(Samples.PowBroadcast, edit);

    private static Func<Frame> Reply(Action<Frame> edit) => With(Samples.Reply, edit);

    private static Func<Frame> Cancel(Action<Frame> edit) => With(Samples.CancelBroadcast, edit);

    private static Func<Frame> Request(Action<RequestPayload> edit) => Ask(f =>
    {
        var signed = f.AskForBroadcast.SignedRequestPayload;
        signed.RequestPayload = Samples.Edit(signed.RequestPayload, RequestPayload.Parser, edit);
    });

    private static Func<Frame> Cert(Action<Certificate> edit) => Request(p =>
        p.SenderCertificate.Certificate = Samples.Edit(p.SenderCertificate.Certificate, Certificate.Parser, edit));

    private static Func<Frame> Broadcast(Action<BroadcastPayload> edit) => Pow(f =>
        f.PowBroadcast.BroadcastPayload = Samples.Edit(f.PowBroadcast.BroadcastPayload, BroadcastPayload.Parser, edit));

    private static Func<Frame> Promise(Action<SettlementPromise> edit) => Reply(f =>
    {
        var signed = f.Reply.SettlementPromise;
        signed.SettlementPromise = Samples.Edit(signed.SettlementPromise, SettlementPromise.Parser, edit);
    });

    private static Frame Notice(ByteString hash, string notice) => new() { FundingNotice = new FundingNoticeFrame { NetworkPaymentHash = hash, Notice = notice } };

    private static Frame Sealed(ByteString hash, string notice, ByteString sealedNotice) =>
        new() { FundingNotice = new FundingNoticeFrame { NetworkPaymentHash = hash, Notice = notice, SealedNotice = sealedNotice } };
}
