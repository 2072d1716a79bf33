using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// The sender checks who replies before it pays (money rules "replies are signed by the replier" and "certificates
/// carry weight"): the ReplySignature sealed to it names a valid certificate carrying what the job needs, its subject
/// signed this request and the exact reply invoice, and it is the signature the settler checked and promised.
/// </summary>
internal sealed partial class Sender
{
    private bool CheckReplier(PublicKey from, ReplyFrame reply, SettlementPromise promise, OwnBroadcast own, string replyInvoice)
    {
        ReplySignature signature;
        try { signature = ReplySignature.Parser.ParseFrom(SealedBox.Open(own.Key, reply.EncryptedReplySignature.Span)); }
        catch (Exception e) when (e is DecryptionFailedException or InvalidProtocolBufferException)
        {
            node.Reject(from, RejectionReason.BadReplierSignature, $"reply signature: {e.Message}");
            return false;
        }
        if (signature.ReplierCertificate is null)
        {
            node.Reject(from, RejectionReason.BadReplierSignature, "the reply signature names no certificate");
            return false;
        }
        var verdict = CertificateVerifier.Verify(signature.ReplierCertificate, node.Policy.TrustedSettlers, DateTimeOffset.FromUnixTimeMilliseconds(node.Now), out var certificate);
        if (verdict != CertificateVerdict.Valid)
        {
            node.Reject(from, RejectionReason.CertificateRejected, $"replier certificate: {verdict}");
            return false;
        }
        var request = own.SignedRequest.ReadRequestPayload();
        if (policy.RequiredProperties.Missing(certificate!, request.Topic) is { } missing)
        {
            node.Reject(from, RejectionReason.ReplierLacksProperty, $"the replier certificate lacks '{missing}'");
            return false;
        }
        var replier = PublicKey.FromBytes(certificate!.SubjectPublicKey.Span);
        if (!ReplySignatures.Verify(signature, request.PayloadId, replier, replyInvoice) ||
            !Preimages.HashOf(signature.Signature.Span).AsSpan().SequenceEqual(promise.ReplierSignatureHash.Span))
        {
            node.Reject(from, RejectionReason.BadReplierSignature, "the reply is not signed by its certificate's subject, or not the reply the settler promised");
            return false;
        }
        return true;
    }
}
