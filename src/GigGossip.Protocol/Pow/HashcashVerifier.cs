using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Pow;

/// <summary>The real check: the time window, then one SHA-256 of the work unit against the target.</summary>
public sealed class HashcashVerifier : IProofOfWorkVerifier
{
    public static HashcashVerifier Instance { get; } = new();

    public PowVerdict Verify(ReadOnlySpan<byte> payloadDigest, PublicKey middlemanKey, long timestampUnixMs, ulong nonce,
        PowTarget target, long nowUnixMs, long toleranceMs) =>
        ProofOfWork.Verify(payloadDigest, middlemanKey, timestampUnixMs, nonce, target, nowUnixMs, toleranceMs);
}
