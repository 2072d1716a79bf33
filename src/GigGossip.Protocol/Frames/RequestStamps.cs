using System.Buffers.Binary;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Frames;

/// <summary>
/// The sender's stamp (issue #17, docs/protocol/peer-scoring.md "The sender's stamp"): one proof of work per request, solved
/// by its sender and checked by every hop, so a request's price is paid once, by whoever sends it, for the whole network.
/// It is hashcash on the usual 80-byte work unit: <see cref="Digest"/> || the request's signing key || timestamp || nonce.
/// </summary>
public static class RequestStamps
{
    /// <summary>BIP340-style tag of the stamp digest.</summary>
    public const string Tag = "gig-gossip/stamp";

    /// <summary>
    /// TaggedHash("gig-gossip/stamp", len(request payload) (4, big-endian) || request payload || signature): the exact signed
    /// request, payload id, content and signature, so a stamp fits no other request and no changed or re-signed copy.
    /// </summary>
    public static byte[] Digest(SignedRequestPayload signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var request = signed.RequestPayload.Span;
        var signature = signed.Signature.Span;
        var message = new byte[4 + request.Length + signature.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, request.Length);
        request.CopyTo(message.AsSpan(4));
        signature.CopyTo(message.AsSpan(4 + request.Length));
        return TaggedHash.Compute(Tag, message);
    }

    /// <summary>
    /// Whether <paramref name="stamp"/> gives the request signed by <paramref name="sender"/> at least
    /// <paramref name="requiredBits"/> leading zero bits; 0 bits requires no stamp (one present is not looked at).
    /// </summary>
    public static StampVerdict Verify(RequestStamp? stamp, SignedRequestPayload signed, PublicKey sender, int requiredBits, IProofOfWorkVerifier? verifier = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (requiredBits <= 0) return StampVerdict.Valid;
        if (stamp is null) return StampVerdict.Missing;
        var target = PowTarget.FromLeadingZeroBits(requiredBits);
        var verdict = (verifier ?? HashcashVerifier.Instance).VerifyStamp(Digest(signed), sender, stamp.TimestampUnixMs, stamp.Nonce, target);
        return verdict == PowVerdict.Valid ? StampVerdict.Valid : StampVerdict.BelowTarget;
    }

    /// <summary>Solves a stamp on this thread (tests and tools; a node's host solves it through <c>SolvePow</c>).</summary>
    public static RequestStamp Solve(SignedRequestPayload signed, PublicKey sender, int bits, long timestampUnixMs, PowEngine? engine = null)
    {
        var unit = new PowWorkUnit(Digest(signed), sender, timestampUnixMs);
        var nonce = PowSolver.Solve(unit, PowTarget.FromLeadingZeroBits(bits), 1, CancellationToken.None, engine);
        return new RequestStamp { TimestampUnixMs = timestampUnixMs, Nonce = nonce };
    }
}

/// <summary>What a middleman concludes about a request's stamp.</summary>
public enum StampVerdict
{
    Valid,
    Missing,

    /// <summary>The stamp's hash has too few leading zero bits for this request: too cheap, or solved for another request.</summary>
    BelowTarget,
}
