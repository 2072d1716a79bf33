using System.Buffers.Binary;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// The replier's signed statement "my reply invoice is Accepted in my own wallet, held until <see cref="HoldUntilUnixMs"/>",
/// sent instead of a bare <see cref="PreimageRequest"/> once its wallet reports the reply invoice Accepted. Real Lightning shows
/// an invoice's state only to its issuer, so this is how the settler learns it (docs/protocol/reply-acceptance.md). It is
/// answered like a <see cref="PreimageRequest"/>: the reply preimage once published, Cancelled, or NotYet.
/// <see cref="Signature"/> is BIP340 under <see cref="SignatureTags.ReplyAccepted"/> by the replier the reply hash was made
/// for, over <see cref="SignedBytes"/>.
/// </summary>
public sealed record ReplyAcceptedRequest(byte[] ReplyPaymentHash, byte[] ReplyInvoiceHash, long HoldUntilUnixMs, byte[] Signature) : SettlerRequest
{
    /// <summary>reply payment hash (32) || SHA-256 of the exact reply invoice text (32) || hold deadline (Unix ms, 8 bytes big-endian).</summary>
    public static byte[] SignedBytes(ReadOnlySpan<byte> replyPaymentHash, ReadOnlySpan<byte> replyInvoiceHash, long holdUntilUnixMs)
    {
        var hold = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(hold, holdUntilUnixMs);
        return [.. replyPaymentHash, .. replyInvoiceHash, .. hold];
    }

    /// <summary>The statement a replier makes about <paramref name="replyInvoice"/>, which its wallet reports Accepted and held until <paramref name="holdUntilUnixMs"/>.</summary>
    public static ReplyAcceptedRequest Create(byte[] replyPaymentHash, string replyInvoice, long holdUntilUnixMs, SecretKey replier)
    {
        ArgumentNullException.ThrowIfNull(replier);
        var invoiceHash = ReplySignatures.InvoiceHash(replyInvoice);
        return new ReplyAcceptedRequest(replyPaymentHash, invoiceHash, holdUntilUnixMs,
            replier.Sign(SignatureTags.ReplyAccepted, SignedBytes(replyPaymentHash, invoiceHash, holdUntilUnixMs)));
    }

    /// <summary>Whether <paramref name="replier"/> signed this statement.</summary>
    public bool IsSignedBy(PublicKey replier) =>
        ReplyPaymentHash.Length == 32 && ReplyInvoiceHash.Length == 32 && Signature.Length == 64 &&
        replier.Verify(SignatureTags.ReplyAccepted, SignedBytes(ReplyPaymentHash, ReplyInvoiceHash, HoldUntilUnixMs), Signature);
}
