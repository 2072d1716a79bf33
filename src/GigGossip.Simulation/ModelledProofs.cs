using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Pow;

namespace GigGossip.Simulation;

/// <summary>
/// Proofs of work whose time the simulator charged without hashing (the largest runs): a proof is valid
/// exactly when the simulator modelled that work, for that digest, middleman and timestamp, and the
/// time window holds. A forged nonce, or a proof made for another middleman, fails as a real one would.
/// </summary>
public sealed class ModelledProofs : IProofOfWorkVerifier
{
    private readonly Dictionary<ulong, (ulong Digest, PublicKey Middleman, long Timestamp)> _proofs = [];

    /// <summary>The target each proof was modelled at, for the sender's stamps (checked against a required number of bits).</summary>
    private readonly Dictionary<ulong, PowTarget> _targets = [];
    private ulong _nextNonce;

    public int Outstanding => _proofs.Count;

    /// <summary>
    /// The payload digest as a 128-bit XXH3 of the bytes <see cref="ProofOfWork.PayloadDigest"/> covers (ask id length, ask id,
    /// target, payload), zero-padded to its 32 bytes: it changes with every byte as the tagged SHA-256 does, at a fraction of
    /// its cost (the digest of every broadcast payload, twice per hop, was a seventh of a large run's event loop). Nobody in
    /// the simulator grinds collisions, so a proof fits the exact conditions it was modelled for, as a real one does.
    /// </summary>
    public byte[] PayloadDigest(ReadOnlySpan<byte> askId, PowTarget target, ReadOnlySpan<byte> broadcastPayload)
    {
        var length = 4 + askId.Length + PowTarget.Length + broadcastPayload.Length;
        var message = ArrayPool<byte>.Shared.Rent(length);
        BinaryPrimitives.WriteInt32BigEndian(message, askId.Length);
        askId.CopyTo(message.AsSpan(4));
        target.Bytes.CopyTo(message.AsSpan(4 + askId.Length));
        broadcastPayload.CopyTo(message.AsSpan(4 + askId.Length + PowTarget.Length));
        var digest = new byte[PowWorkUnit.DigestLength];
        XxHash128.Hash(message.AsSpan(0, length), digest);
        ArrayPool<byte>.Shared.Return(message);
        return digest;
    }

    /// <summary>Records modelled work and returns the nonce that stands for it.</summary>
    public ulong Record(ReadOnlySpan<byte> payloadDigest, PublicKey middleman, long timestampUnixMs)
    {
        var nonce = ++_nextNonce;
        _proofs[nonce] = (BinaryPrimitives.ReadUInt64BigEndian(payloadDigest), middleman, timestampUnixMs);
        return nonce;
    }

    /// <summary>Records modelled work at <paramref name="target"/> (a stamp is checked against the bits each hop requires).</summary>
    public ulong Record(ReadOnlySpan<byte> payloadDigest, PublicKey middleman, long timestampUnixMs, PowTarget target)
    {
        var nonce = Record(payloadDigest, middleman, timestampUnixMs);
        _targets[nonce] = target;
        return nonce;
    }

    /// <summary>
    /// A stamp: valid when this work was modelled for that digest, signer and timestamp at a target at least as hard as
    /// <paramref name="target"/>. Every hop checks the same stamp, so it is not spent; the harness forgets it with the run.
    /// </summary>
    public PowVerdict VerifyStamp(ReadOnlySpan<byte> stampDigest, PublicKey sender, long timestampUnixMs, ulong nonce, PowTarget target)
    {
        if (!_proofs.TryGetValue(nonce, out var proof) || !_targets.TryGetValue(nonce, out var solvedAt)
            || proof.Digest != BinaryPrimitives.ReadUInt64BigEndian(stampDigest) || !proof.Middleman.Equals(sender)
            || proof.Timestamp != timestampUnixMs || solvedAt.ExpectedTries < target.ExpectedTries)
            return PowVerdict.HashAboveTarget;
        return PowVerdict.Valid;
    }

    public PowVerdict Verify(ReadOnlySpan<byte> payloadDigest, PublicKey middlemanKey, long timestampUnixMs, ulong nonce,
        PowTarget target, long nowUnixMs, long toleranceMs)
    {
        if (ProofOfWork.VerifyWindow(timestampUnixMs, nowUnixMs, toleranceMs) is { } late) return late;
        if (!_proofs.TryGetValue(nonce, out var proof) || proof.Digest != BinaryPrimitives.ReadUInt64BigEndian(payloadDigest)
            || !proof.Middleman.Equals(middlemanKey) || proof.Timestamp != timestampUnixMs)
            return PowVerdict.HashAboveTarget;
        _proofs.Remove(nonce);
        _targets.Remove(nonce);
        return PowVerdict.Valid;
    }
}
