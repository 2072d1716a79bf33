using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Frames;

/// <summary>A signed request whose payload and sender certificate were parsed and structurally checked (signatures not yet).</summary>
public sealed record ParsedRequest(SignedRequestPayload Signed, RequestPayload Payload, Certificate SenderCertificate)
{
    /// <summary>
    /// The sender's stamp that travels with the request (issue #17), or null: the codec attaches the one its frame (ask) or broadcast
    /// payload carries, and the engine puts it on the frames it sends.
    /// </summary>
    public RequestStamp? Stamp { get; init; }

    /// <summary>
    /// The sender's key as <see cref="SignedRequests.Verify(ParsedRequest)"/> read it from the certificate, kept so a request
    /// checked again (the simulator's nodes share one parsed request along its whole flood) holds one key, not one per hop.
    /// Derived from <see cref="SenderCertificate"/>, so not part of equality.
    /// </summary>
    internal PublicKey? SenderKey { get; set; }

    /// <summary>The sender's signature on <see cref="Signed"/> as last checked (derived, so not part of equality; a copy shares it).</summary>
    internal KeptVerdict RequestSignature { get; } = new();

    /// <summary>The settler's signature on <see cref="SenderCertificate"/> as last checked (derived, so not part of equality).</summary>
    internal KeptVerdict CertificateSignature { get; } = new();

    /// <summary>
    /// The valid verdict on this request once found (immutable; every hop sharing the request gets the same one, and a copy with
    /// other parts a new one: <see cref="SignedRequests.Verify(ParsedRequest)"/> checks it names these parts). Derived, so not part of equality.
    /// </summary>
    internal RequestVerification? Valid { get; set; }

    /// <summary>The payload id in hex, as events name it, made once for the id it was made from (derived, so not part of equality).</summary>
    internal string PayloadIdHex
    {
        get
        {
            var id = Payload.PayloadId;
            if (_payloadIdHex is not { } kept || !ReferenceEquals(kept.Id, id)) _payloadIdHex = kept = (id, Convert.ToHexStringLower(id.Span));
            return kept.Hex;
        }
    }

    private (Google.Protobuf.ByteString Id, string Hex)? _payloadIdHex;

    public bool Equals(ParsedRequest? other) =>
        other is not null && Equals(Signed, other.Signed) && Equals(Payload, other.Payload) && Equals(SenderCertificate, other.SenderCertificate)
        && Equals(Stamp, other.Stamp);

    public override int GetHashCode() => HashCode.Combine(Signed, Payload, SenderCertificate, Stamp);
}
