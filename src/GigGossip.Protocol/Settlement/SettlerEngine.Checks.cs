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
    private sealed record CheckedRequest(string PayloadId, PublicKey Sender);

    private sealed record CheckedReply(ReplyRecord Record, long PriceMsat);

    /// <summary>The trusted settlers with this settler's own, always fresh, revocation list.</summary>
    private IReadOnlyList<TrustedSettler> Trusted() =>
    [
        new TrustedSettler(Uri, PublicKey, Authority.RevocationList(_now)),
        .. Policy.TrustedSettlers.Where(s => !s.PublicKey.Equals(PublicKey)),
    ];

    private CheckedRequest? CheckRequest(SignedRequestPayload? signedRequest)
    {
        if (signedRequest is null) return null;
        try
        {
            var request = RequestPayload.Parser.ParseFrom(signedRequest.RequestPayload);
            if (request.SenderCertificate is null || request.PayloadId.Length != 16) return null;
            if (CertificateVerifier.Verify(request.SenderCertificate, Trusted(), _now) != CertificateVerdict.Valid) return null;
            var sender = PublicKey.FromBytes(Certificate.Parser.ParseFrom(request.SenderCertificate.Certificate).SubjectPublicKey.Span);
            if (!sender.Verify(SignatureTags.RequestPayload, signedRequest.RequestPayload.Span, signedRequest.Signature.Span)) return null;
            return new CheckedRequest(Hex(request.PayloadId.Span), sender);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or CryptoException)
        {
            return null;
        }
    }

    private CheckedReply? CheckPromiseRequest(SettlementPromiseRequest request)
    {
        try
        {
            var payload = ReplyPayload.Parser.ParseFrom(request.ReplyPayload);
            if (!payload.SignedRequestPayload.Equals(request.SignedRequest) || payload.ReplyInvoice != request.ReplyInvoice) return null;
            if (CheckRequest(request.SignedRequest) is not { } checkedRequest) return null;
            if (payload.ReplierCertificate is null || CertificateVerifier.Verify(payload.ReplierCertificate, Trusted(), _now) != CertificateVerdict.Valid) return null;
            var replier = PublicKey.FromBytes(Certificate.Parser.ParseFrom(payload.ReplierCertificate.Certificate).SubjectPublicKey.Span);
            if (!replier.Equals(request.Replier)) return null;
            var invoice = Bolt11Invoice.Decode(request.ReplyInvoice);
            if (!_replies.TryGetValue(Hex(invoice.PaymentHash), out var record)) return null;
            if (!record.Replier.Equals(replier) || record.PayloadId != checkedRequest.PayloadId || record.Cancelled) return null;
            if (invoice.AmountMsat is not { } price || price <= 0) return null;
            return new CheckedReply(record, price);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or CryptoException or Bolt11FormatException)
        {
            return null;
        }
    }
}
