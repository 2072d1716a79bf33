using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Settlement;

/// <summary>
/// How the settler seals a ReplyPayload (ReplyFrame.encrypted_reply_payload, issue #15 "replier hidden after settlement"):
/// sealed to the sender's request key first, then under the network preimage. The preimage layer keeps the money rule (the
/// sender opens the reply only once the key is revealed); the inner box keeps the replier's certificate, signature and
/// invoice from everyone else who learns the preimage: every middleman settles with it, and the settler publishes it.
/// </summary>
public static class ReplyPayloadSeal
{
    /// <summary>Bytes the two layers add to the payload.</summary>
    public const int Overhead = SymmetricSeal.Overhead + SealedBox.Overhead;

    public static byte[] Seal(ReadOnlySpan<byte> networkPreimage, PublicKey sender, ReadOnlySpan<byte> replyPayload) =>
        SymmetricSeal.Seal(networkPreimage, SealedBox.Seal(sender, replyPayload));

    /// <summary>Opens both layers; throws <see cref="DecryptionFailedException"/> when either does not open.</summary>
    public static byte[] Open(ReadOnlySpan<byte> networkPreimage, SecretKey sender, ReadOnlySpan<byte> sealedBytes) =>
        SealedBox.Open(sender, SymmetricSeal.Open(networkPreimage, sealedBytes));
}
