using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Settlement;

/// <summary>What the settler checks before it makes a hash or signs a promise.</summary>
public sealed partial class SettlerEngine
{
    private sealed record CheckedRequest(string PayloadId, PublicKey Sender, RequestPayload Payload, long WindowEndUnixMs);

    private sealed record CheckedReply(ReplyRecord Record, long PriceMsat, long WindowEndUnixMs, byte[] ReplierSignatureHash);

    /// <summary>The trusted settlers with this settler's own, always fresh, revocation list.</summary>
    private TrustedSettlers Trusted() => Policy.TrustedSettlers.With(new TrustedSettler(PublicKey, Uri, Authority.RevocationList(_now)));

    private DateTimeOffset NowOffset => DateTimeOffset.FromUnixTimeMilliseconds(_now);

    private CheckedRequest? CheckRequest(SignedRequestPayload? signedRequest)
    {
        if (signedRequest is null) return null;
        var request = SignedRequests.Verify(signedRequest);
        if (!request.IsValid) return null;
        if (CertificateVerifier.Verify(request.Payload.SenderCertificate, Trusted(), NowOffset) != CertificateVerdict.Valid) return null;
        return new CheckedRequest(Hex(request.Payload.PayloadId.Span), request.SenderPublicKey, request.Payload, WindowEnd(request.Payload.Topic));
    }

    /// <summary>When the job's window ends: the last pickup of a ride, the delivery deadline of a parcel.</summary>
    private static long WindowEnd(Topic? topic) => topic?.KindCase switch
    {
        Topic.KindOneofCase.Taxi => topic.Taxi.PickupBeforeUnixMs,
        Topic.KindOneofCase.Delivery => topic.Delivery.DeliverBeforeUnixMs,
        _ => 0,
    };

    /// <summary>
    /// The replier's certificate is valid here, its subject is the replier, and it carries what the job's kind needs
    /// (money rules "replies are signed by the replier" and "certificates carry weight"); null when it holds.
    /// </summary>
    private string? CheckReplierCertificate(SignedCertificate? signed, PublicKey replier, Topic topic)
    {
        if (signed is null) return "no replier certificate";
        var verdict = CertificateVerifier.Verify(signed, Trusted(), NowOffset, out var certificate);
        if (verdict != CertificateVerdict.Valid) return $"replier certificate: {verdict}";
        if (!certificate!.SubjectPublicKey.Span.SequenceEqual(replier.Bytes)) return "the replier is not the subject of the replier certificate";
        return Policy.RequiredProperties.Missing(certificate, topic) is { } missing ? $"the replier certificate lacks '{missing}' for this job" : null;
    }

    /// <summary>The reply-hash call: a valid request, and a replier who shows its certificate and proves it holds its key, now.</summary>
    private string? CheckReplyHashRequest(ReplyPaymentHashRequest request, CheckedRequest checkedRequest)
    {
        if (Math.Abs(_now - request.TimestampUnixMs) > Policy.ReplierProofToleranceMs)
            return $"the replier's proof is more than {Policy.ReplierProofToleranceMs / 1000} s from the settler's clock";
        var signed = ReplyPaymentHashRequest.SignedBytes(checkedRequest.Payload.PayloadId.Span, request.Replier, request.TimestampUnixMs);
        if (request.Signature.Length != 64 || !request.Replier.Verify(SignatureTags.ReplyHashRequest, signed, request.Signature))
            return "the replier's signature does not prove its key";
        return CheckReplierCertificate(request.ReplierCertificate, request.Replier, checkedRequest.Payload.Topic);
    }

    /// <summary>The promise call: the full reply, signed by its replier over this request, its message and the exact invoice.</summary>
    private CheckedReply? CheckPromiseRequest(SettlementPromiseRequest request, out string problem)
    {
        problem = "the reply payload, its certificate or its reply invoice does not check out";
        try
        {
            var payload = FrameReader.ReadReplyPayload(request.ReplyPayload);
            if (!payload.SignedRequestPayload.Equals(request.SignedRequest) || payload.ReplyInvoice != request.ReplyInvoice) return null;
            if (CheckRequest(request.SignedRequest) is not { } checkedRequest) return null;
            if (CheckReplierCertificate(payload.ReplierCertificate, request.Replier, checkedRequest.Payload.Topic) is { } replierProblem)
            {
                problem = replierProblem;
                return null;
            }
            if (!ReplySignatures.Verify(payload, checkedRequest.Payload.PayloadId, request.Replier))
            {
                problem = "the reply is not signed by its replier over this request, its message and its invoice";
                return null;
            }
            var invoice = Bolt11Invoice.Decode(request.ReplyInvoice);
            if (!_replies.TryGetValue(invoice.PaymentHash.ToHex(), out var record)) return null;
            if (!record.Replier.Equals(request.Replier) || record.PayloadId != checkedRequest.PayloadId || record.Cancelled) return null;
            if (invoice.AmountMsat is not { } price || price <= 0) return null;
            return new CheckedReply(record, price, checkedRequest.WindowEndUnixMs, Preimages.HashOf(payload.ReplierSignature.Span));
        }
        catch (Exception e) when (e is FrameFormatException or CryptoException or Bolt11FormatException)
        {
            return null;
        }
    }
}
