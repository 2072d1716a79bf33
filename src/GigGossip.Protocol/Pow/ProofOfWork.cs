using System.Buffers.Binary;
using System.Security.Cryptography;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Pow;

/// <summary>
/// Hashcash on SHA-256 (DESIGN section 4, whitepaper "Broadcast with POW"). The proof commits to the exact
/// conditions it answers through the payload digest, and to the middleman and the time through the work unit.
/// </summary>
public static class ProofOfWork
{
    /// <summary>BIP340-style tag of the payload digest.</summary>
    public const string Tag = "gig-gossip/pow";

    /// <summary>
    /// TaggedHash("gig-gossip/pow", len(ask id) (4, big-endian) || ask id || target (32) || broadcast payload).
    /// The length prefix keeps a variable-length ask id from sliding into the target.
    /// </summary>
    public static byte[] PayloadDigest(ReadOnlySpan<byte> askId, PowTarget target, ReadOnlySpan<byte> broadcastPayload)
    {
        var message = new byte[4 + askId.Length + PowTarget.Length + broadcastPayload.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, askId.Length);
        askId.CopyTo(message.AsSpan(4));
        target.Bytes.CopyTo(message.AsSpan(4 + askId.Length));
        broadcastPayload.CopyTo(message.AsSpan(4 + askId.Length + PowTarget.Length));
        return TaggedHash.Compute(Tag, message);
    }

    /// <summary>
    /// One hash and the time rule timestamp &lt;= now &lt;= timestamp + tolerance (all unix milliseconds,
    /// <paramref name="nowUnixMs"/> passed in). The time window is checked first, as it is cheaper.
    /// </summary>
    public static PowVerdict Verify(
        ReadOnlySpan<byte> payloadDigest, PublicKey middlemanKey, long timestampUnixMs, ulong nonce,
        PowTarget target, long nowUnixMs, long toleranceMs)
    {
        if (VerifyWindow(timestampUnixMs, nowUnixMs, toleranceMs) is { } late) return late;
        var unit = new PowWorkUnit(payloadDigest, middlemanKey, timestampUnixMs);
        return target.IsMetBy(SHA256.HashData(unit.ToBytes(nonce))) ? PowVerdict.Valid : PowVerdict.HashAboveTarget;
    }

    /// <summary>The time rule alone: null when timestamp &lt;= now &lt;= timestamp + tolerance, else why not.</summary>
    public static PowVerdict? VerifyWindow(long timestampUnixMs, long nowUnixMs, long toleranceMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(toleranceMs);
        if (nowUnixMs < timestampUnixMs) return PowVerdict.TimestampInFuture;
        if ((ulong)(nowUnixMs - timestampUnixMs) > (ulong)toleranceMs) return PowVerdict.TimestampExpired;
        return null;
    }
}
