namespace GigGossip.Protocol.Frames;

/// <summary>A signed request whose payload and sender certificate were parsed and structurally checked (signatures not yet).</summary>
public sealed record ParsedRequest(SignedRequestPayload Signed, RequestPayload Payload, Certificate SenderCertificate)
{
    /// <summary>The sender's stamp that travels with the request (issue #17), or null; the engine puts it on the frames it sends.</summary>
    public RequestStamp? Stamp { get; init; }
}
