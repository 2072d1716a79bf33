using static GigGossip.Protocol.Frames.FieldChecks;

namespace GigGossip.Protocol.Frames;

/// <summary>Checks a parsed frame all the way down, including the payloads it carries as bytes, and keeps what it parsed.</summary>
internal static class FrameValidator
{
    public static DecodedFrame Validate(Frame frame, FrameLimits limits)
    {
        switch (frame.KindCase)
        {
            case Frame.KindOneofCase.AskForBroadcast: return DecodedFrame.Checked(frame, request: AskForBroadcast(frame.AskForBroadcast, limits));
            case Frame.KindOneofCase.PowBroadcastConditions: PowBroadcastConditions(frame.PowBroadcastConditions); return DecodedFrame.Checked(frame);
            case Frame.KindOneofCase.PowBroadcast:
                var (broadcast, request) = PowBroadcast(frame.PowBroadcast, limits);
                return DecodedFrame.Checked(frame, request, broadcast);
            case Frame.KindOneofCase.Reply: return DecodedFrame.Checked(frame, promise: Reply(frame.Reply, limits));
            case Frame.KindOneofCase.CancelBroadcast: CancelBroadcast(frame.CancelBroadcast); return DecodedFrame.Checked(frame);
            case Frame.KindOneofCase.FundingNotice: FundingNotice(frame.FundingNotice); return DecodedFrame.Checked(frame);
            default: throw new FrameFormatException("frame has no message set");
        }
    }

    private static ParsedRequest AskForBroadcast(AskForBroadcastFrame frame, FrameLimits limits)
    {
        Length(frame.AskId, WireLengths.Id, "ask_for_broadcast.ask_id");
        const string path = "ask_for_broadcast.signed_request_payload";
        var request = PayloadReader.ReadRequest(Present(frame.SignedRequestPayload, path), path, limits);
        return frame.Stamp is null ? request : request with { Stamp = frame.Stamp };
    }

    private static void PowBroadcastConditions(PowBroadcastConditionsFrame frame)
    {
        Length(frame.AskId, WireLengths.Id, "pow_broadcast_conditions.ask_id");
        var work = Present(frame.WorkRequest, "pow_broadcast_conditions.work_request");
        NotEmpty(work.PowScheme, "pow_broadcast_conditions.work_request.pow_scheme");
        Length(work.PowTarget, WireLengths.PowTarget, "pow_broadcast_conditions.work_request.pow_target");
        NotNegative(frame.TimestampToleranceMs, "pow_broadcast_conditions.timestamp_tolerance_ms");
        NotNegative(frame.RoutingFeeMsat, "pow_broadcast_conditions.routing_fee_msat");
    }

    private static (BroadcastPayload, ParsedRequest) PowBroadcast(PowBroadcastFrame frame, FrameLimits limits)
    {
        Length(frame.AskId, WireLengths.Id, "pow_broadcast.ask_id");
        var read = PayloadReader.ReadBroadcast(frame.BroadcastPayload, "pow_broadcast.broadcast_payload", limits);
        var proof = Present(frame.ProofOfWork, "pow_broadcast.proof_of_work");
        NotEmpty(proof.PowScheme, "pow_broadcast.proof_of_work.pow_scheme");
        return read;
    }

    private static SettlementPromise Reply(ReplyFrame frame, FrameLimits limits)
    {
        NotEmpty(frame.EncryptedReplyPayload, "reply.encrypted_reply_payload");
        const string path = "reply.settlement_promise";
        var promise = PayloadReader.ReadSettlementPromise(Present(frame.SettlementPromise, path), path);
        AtMost(frame.BackwardOnion, limits.MaxOnionBytes, "reply.backward_onion");
        AtMost(frame.FixedBackwardOnion, limits.MaxOnionBytes, "reply.fixed_backward_onion");
        NotEmpty(frame.NetworkInvoice, "reply.network_invoice");
        NotEmpty(frame.EncryptedReplyInvoice, "reply.encrypted_reply_invoice");
        return promise;
    }

    private static void FundingNotice(FundingNoticeFrame frame)
    {
        Length(frame.NetworkPaymentHash, WireLengths.Hash, "funding_notice.network_payment_hash");
        if (frame.SealedNotice.IsEmpty) NotEmpty(frame.Notice, "funding_notice.notice");
        else if (frame.Notice.Length > 0) throw new FrameFormatException("funding_notice carries both notice and sealed_notice");
        if (frame.Notice.Length > WireLengths.MaxFundingNotice)
            throw new FrameFormatException($"funding_notice.notice is {frame.Notice.Length} characters, at most {WireLengths.MaxFundingNotice}");
        if (frame.SealedNotice.Length > WireLengths.MaxSealedFundingNotice)
            throw new FrameFormatException($"funding_notice.sealed_notice is {frame.SealedNotice.Length} bytes, at most {WireLengths.MaxSealedFundingNotice}");
    }

    private static void CancelBroadcast(CancelBroadcastFrame frame)
    {
        Length(frame.PayloadId, WireLengths.Id, "cancel_broadcast.payload_id");
        Length(frame.Signature, WireLengths.Signature, "cancel_broadcast.signature");
    }
}
