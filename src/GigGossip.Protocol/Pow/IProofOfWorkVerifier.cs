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

    /// <summary>
    /// A sender's stamp (<see cref="Frames.RequestStamps"/>): the same hash test with no time window (the stamp lives as long as
    /// its request), and checked by every hop, so a verifier that spends proofs must not spend a stamp.
    /// </summary>
    PowVerdict VerifyStamp(ReadOnlySpan<byte> stampDigest, PublicKey sender, long timestampUnixMs, ulong nonce, PowTarget target) =>
        Verify(stampDigest, sender, timestampUnixMs, nonce, target, timestampUnixMs, 0);

    /// <summary>
    /// The digest a proof for these conditions commits to, computed by the asker before solving and by the middleman before
    /// checking: <see cref="ProofOfWork.PayloadDigest"/>. A verifier that models proofs instead of hashing may model this
    /// hash too, as long as it changes with every byte it covers (a changed ask id, target or payload still fails).
    /// </summary>
    byte[] PayloadDigest(ReadOnlySpan<byte> askId, PowTarget target, ReadOnlySpan<byte> broadcastPayload) =>
        ProofOfWork.PayloadDigest(askId, target, broadcastPayload);
}
