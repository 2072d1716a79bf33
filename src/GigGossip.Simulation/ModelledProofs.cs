using System.Buffers.Binary;
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
