using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// The sender checks who replies before it pays (money rules "replies are signed by the replier" and "certificates
/// carry weight"): the ReplySignature sealed to it names a valid certificate carrying what the job needs, its subject
/// signed this request and the exact reply invoice, and it is the signature the settler checked and promised.
/// </summary>
public sealed partial class NodeEngine
{
    private bool CheckReplier(PublicKey from, ReplyFrame reply, SettlementPromise promise, OwnBroadcast own, string replyInvoice)
    {
        ReplySignature signature;
        try { signature = ReplySignature.Parser.ParseFrom(SealedBox.Open(_key, reply.EncryptedReplySignature.Span)); }
        catch (Exception e) when (e is DecryptionFailedException or InvalidProtocolBufferException)
        {
            Reject(from, RejectionReason.BadReplierSignature, $"reply signature: {e.Message}");
            return false;
        }
        if (signature.ReplierCertificate is null)
        {
            Reject(from, RejectionReason.BadReplierSignature, "the reply signature names no certificate");
            return false;
        }
        var verdict = CertificateVerifier.Verify(signature.ReplierCertificate, Policy.TrustedSettlers, DateTimeOffset.FromUnixTimeMilliseconds(_now), out var certificate);
        if (verdict != CertificateVerdict.Valid)
        {
            Reject(from, RejectionReason.CertificateRejected, $"replier certificate: {verdict}");
            return false;
        }
        var request = own.SignedRequest.ReadRequestPayload();
        if (_sender.RequiredProperties.Missing(certificate!, request.Topic) is { } missing)
        {
            Reject(from, RejectionReason.ReplierLacksProperty, $"the replier certificate lacks '{missing}'");
            return false;
        }
        var replier = PublicKey.FromBytes(certificate!.SubjectPublicKey.Span);
        if (!ReplySignatures.Verify(signature, request.PayloadId, replier, replyInvoice) ||
            !Preimages.HashOf(signature.Signature.Span).AsSpan().SequenceEqual(promise.ReplierSignatureHash.Span))
        {
            Reject(from, RejectionReason.BadReplierSignature, "the reply is not signed by its certificate's subject, or not the reply the settler promised");
            return false;
        }
        return true;
    }
}
