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
    private sealed record CheckedRequest(string PayloadId, PublicKey Sender, long WindowEndUnixMs);

    private sealed record CheckedReply(ReplyRecord Record, long PriceMsat, long WindowEndUnixMs);

    /// <summary>The trusted settlers with this settler's own, always fresh, revocation list.</summary>
    private TrustedSettlers Trusted() => Policy.TrustedSettlers.With(new TrustedSettler(PublicKey, Uri, Authority.RevocationList(_now)));

    private DateTimeOffset NowOffset => DateTimeOffset.FromUnixTimeMilliseconds(_now);

    private CheckedRequest? CheckRequest(SignedRequestPayload? signedRequest)
    {
        if (signedRequest is null) return null;
        var request = SignedRequests.Verify(signedRequest);
        if (!request.IsValid) return null;
        if (CertificateVerifier.Verify(request.Payload.SenderCertificate, Trusted(), NowOffset) != CertificateVerdict.Valid) return null;
        return new CheckedRequest(Hex(request.Payload.PayloadId.Span), request.SenderPublicKey, WindowEnd(request.Payload.Topic));
    }

    /// <summary>When the job's window ends: the last pickup of a ride, the delivery deadline of a parcel.</summary>
    private static long WindowEnd(Topic? topic) => topic?.KindCase switch
    {
        Topic.KindOneofCase.Taxi => topic.Taxi.PickupBeforeUnixMs,
        Topic.KindOneofCase.Delivery => topic.Delivery.DeliverBeforeUnixMs,
        _ => 0,
    };

    private CheckedReply? CheckPromiseRequest(SettlementPromiseRequest request)
    {
        try
        {
            var payload = FrameReader.ReadReplyPayload(request.ReplyPayload);
            if (!payload.SignedRequestPayload.Equals(request.SignedRequest) || payload.ReplyInvoice != request.ReplyInvoice) return null;
            if (CheckRequest(request.SignedRequest) is not { } checkedRequest) return null;
            if (CertificateVerifier.Verify(payload.ReplierCertificate, Trusted(), NowOffset, out var certificate) != CertificateVerdict.Valid) return null;
            var replier = PublicKey.FromBytes(certificate!.SubjectPublicKey.Span);
            if (!replier.Equals(request.Replier)) return null;
            var invoice = Bolt11Invoice.Decode(request.ReplyInvoice);
            if (!_replies.TryGetValue(invoice.PaymentHash.ToHex(), out var record)) return null;
            if (!record.Replier.Equals(replier) || record.PayloadId != checkedRequest.PayloadId || record.Cancelled) return null;
            if (invoice.AmountMsat is not { } price || price <= 0) return null;
            return new CheckedReply(record, price, checkedRequest.WindowEndUnixMs);
        }
        catch (Exception e) when (e is FrameFormatException or CryptoException or Bolt11FormatException)
        {
            return null;
        }
    }
}
