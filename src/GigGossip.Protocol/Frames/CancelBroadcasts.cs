using Google.Protobuf;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Frames;

/// <summary>
/// Only the sender can cancel its broadcast: the frame carries a BIP340 signature under
/// <see cref="SignatureTags.CancelBroadcast"/> over the 16 payload id bytes, by the subject key of the
/// request's sender certificate, which every node that accepted the request has seen.
/// </summary>
public static class CancelBroadcasts
{
    public static CancelBroadcastFrame Create(ByteString payloadId, SecretKey senderKey)
    {
        ArgumentNullException.ThrowIfNull(payloadId);
        if (payloadId.Length != WireLengths.Id)
            throw new ArgumentException($"payload id must be {WireLengths.Id} bytes, got {payloadId.Length}", nameof(payloadId));
        return new CancelBroadcastFrame
        {
            PayloadId = payloadId,
            Signature = ByteString.CopyFrom(senderKey.Sign(SignatureTags.CancelBroadcast, payloadId.Span)),
        };
    }

    /// <summary>True when the sender whose certificate key is given signed this cancellation.</summary>
    public static bool Verify(CancelBroadcastFrame frame, PublicKey senderPublicKey)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return senderPublicKey.Verify(SignatureTags.CancelBroadcast, frame.PayloadId.Span, frame.Signature.Span);
    }
}
