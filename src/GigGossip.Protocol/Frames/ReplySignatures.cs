using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Frames;

/// <summary>
/// The replier's signature on its reply (money rule "replies are signed by the replier"): BIP340 under
/// <see cref="SignatureTags.Reply"/> over payload_id (16 bytes) || SHA256(encrypted_reply_message) (32) ||
/// SHA256(reply invoice, the exact BOLT 11 string as UTF-8) (32), by the subject key of the replier's certificate.
/// A certificate is public; only its subject can make this signature, and it binds the invoice that gets paid.
/// </summary>
public static class ReplySignatures
{
    /// <summary>SHA256 of the exact BOLT 11 string: what the promise's reply_invoice_hash holds.</summary>
    public static byte[] InvoiceHash(string bolt11) => SHA256.HashData(Encoding.UTF8.GetBytes(bolt11));

    public static byte[] SignedBytes(ReadOnlySpan<byte> payloadId, ReadOnlySpan<byte> hashOfEncryptedReplyMessage, string replyInvoice) =>
        [.. payloadId, .. hashOfEncryptedReplyMessage, .. InvoiceHash(replyInvoice)];

    /// <summary>Signs <paramref name="payload"/> in place (its replier_signature) with the replier's key.</summary>
    public static void Sign(ReplyPayload payload, ByteString payloadId, SecretKey replier)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bytes = SignedBytes(payloadId.Span, SHA256.HashData(payload.EncryptedReplyMessage.Span), payload.ReplyInvoice);
        payload.ReplierSignature = ByteString.CopyFrom(replier.Sign(SignatureTags.Reply, bytes));
    }

    /// <summary>True when the payload's replier_signature is its certificate subject's over this request, message and invoice.</summary>
    public static bool Verify(ReplyPayload payload, ByteString payloadId, PublicKey replier)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload.ReplierSignature.Length == WireLengths.Signature &&
            replier.Verify(SignatureTags.Reply, SignedBytes(payloadId.Span, SHA256.HashData(payload.EncryptedReplyMessage.Span), payload.ReplyInvoice),
                payload.ReplierSignature.Span);
    }

    /// <summary>The sealed copy the sender checks before paying: same signature, certificate and message hash.</summary>
    public static ReplySignature ForSender(ReplyPayload payload) => new()
    {
        ReplierCertificate = payload.ReplierCertificate,
        HashOfEncryptedReplyMessage = ByteString.CopyFrom(SHA256.HashData(payload.EncryptedReplyMessage.Span)),
        Signature = payload.ReplierSignature,
    };

    /// <summary>True when <paramref name="signature"/> is its certificate subject's over this request, message hash and invoice.</summary>
    public static bool Verify(ReplySignature signature, ByteString payloadId, PublicKey replier, string replyInvoice)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return signature.Signature.Length == WireLengths.Signature && signature.HashOfEncryptedReplyMessage.Length == WireLengths.Hash &&
            replier.Verify(SignatureTags.Reply, SignedBytes(payloadId.Span, signature.HashOfEncryptedReplyMessage.Span, replyInvoice), signature.Signature.Span);
    }
}
