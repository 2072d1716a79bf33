namespace GigGossip.Protocol.Frames;

/// <summary>A signed request whose payload and sender certificate were parsed and structurally checked (signatures not yet).</summary>
public sealed record ParsedRequest(SignedRequestPayload Signed, RequestPayload Payload, Certificate SenderCertificate);
