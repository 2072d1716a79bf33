using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Pow;

/// <summary>
/// How a middleman checks a proof of work. Nodes hash (<see cref="HashcashVerifier"/>); the simulator's
/// modelled proofs are checked against the record of the work it charged time for.
/// </summary>
public interface IProofOfWorkVerifier
{
    PowVerdict Verify(ReadOnlySpan<byte> payloadDigest, PublicKey middlemanKey, long timestampUnixMs, ulong nonce,
        PowTarget target, long nowUnixMs, long toleranceMs);
}
