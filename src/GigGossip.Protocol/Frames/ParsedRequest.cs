using GigGossip.Protocol.Crypto;
using Google.Protobuf;

namespace GigGossip.Protocol.Frames;

/// <summary>A signed request whose payload and sender certificate were parsed and structurally checked (signatures not yet).</summary>
public sealed record ParsedRequest(SignedRequestPayload Signed, RequestPayload Payload, Certificate SenderCertificate)
{
    /// <summary>The sender's stamp that travels with the request (issue #17), or null; the engine puts it on the frames it sends.</summary>
    public RequestStamp? Stamp { get; init; }

    /// <summary>
    /// The sender's key as <see cref="SignedRequests.Verify(ParsedRequest)"/> read it from the certificate, kept so a request
    /// checked again (the simulator's nodes share one parsed request along its whole flood) holds one key, not one per hop.
    /// Derived from <see cref="SenderCertificate"/>, so not part of equality.
    /// </summary>
    internal PublicKey? SenderKey { get; set; }

    /// <summary>
    /// Whether the sender's signature verified, as <see cref="SignedRequests.Verify(ParsedRequest)"/> found it, with the (immutable)
    /// payload and signature bytes it was found for: a copy made <c>with</c> another signed request, or a signed request whose
    /// fields were set to other bytes, does not inherit the verdict. The simulator's nodes share one parsed request along its
    /// flood, so its signature is hashed and checked once, not at every hop.
    /// </summary>
    internal (ByteString Payload, ByteString Signature, bool Valid)? SignatureVerdict { get; set; }

    public bool Equals(ParsedRequest? other) =>
        other is not null && Equals(Signed, other.Signed) && Equals(Payload, other.Payload) && Equals(SenderCertificate, other.SenderCertificate)
        && Equals(Stamp, other.Stamp);

    public override int GetHashCode() => HashCode.Combine(Signed, Payload, SenderCertificate, Stamp);
}
