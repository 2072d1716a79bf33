using Google.Protobuf;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Frames;

/// <summary>
/// The sender's signature on a RequestPayload (whitepaper "Asking For Broadcast"): BIP340 under
/// <see cref="SignatureTags.RequestPayload"/> over the serialized payload, by the key certified in
/// the payload's own sender certificate.
/// </summary>
public static class SignedRequests
{
    /// <summary>A new request with a fresh random payload id, refused by middlemen after <paramref name="validUntilUnixMs"/>.</summary>
    public static SignedRequestPayload Create(Topic topic, SignedCertificate senderCertificate, SecretKey senderKey, long validUntilUnixMs) =>
        Sign(new RequestPayload { PayloadId = FrameIds.New(), Topic = topic, SenderCertificate = senderCertificate, ValidUntilUnixMs = validUntilUnixMs }, senderKey);

    /// <summary>Signs the payload; throws <see cref="ArgumentException"/> if it is malformed or the key is not its certificate's subject.</summary>
    public static SignedRequestPayload Sign(RequestPayload payload, SecretKey senderKey)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bytes = payload.ToByteString();
        var signed = new SignedRequestPayload
        {
            RequestPayload = bytes,
            Signature = ByteString.CopyFrom(senderKey.Sign(SignatureTags.RequestPayload, bytes.Span)),
        };
        Certificate certificate;
        try
        {
            certificate = signed.ReadRequestPayload().SenderCertificate.ReadCertificate();
        }
        catch (FrameFormatException e)
        {
            throw new ArgumentException($"request payload is malformed: {e.Message}", nameof(payload));
        }
        if (!certificate.SubjectPublicKey.Span.SequenceEqual(senderKey.PublicKey.Bytes))
            throw new ArgumentException("the signing key is not the subject of the sender certificate", nameof(senderKey));
        return signed;
    }

    /// <summary>Checks structure and the sender's signature; never throws for bad input.</summary>
    public static RequestVerification Verify(SignedRequestPayload signed, FrameLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(signed);
        ParsedRequest parsed;
        try
        {
            parsed = PayloadReader.ReadRequest(signed, "signed_request_payload", limits ?? FrameLimits.Default);
        }
        catch (FrameFormatException)
        {
            return new RequestVerification(RequestVerdict.Malformed);
        }
        return Verify(parsed);
    }

    /// <summary>Checks the sender's signature on a request the codec already parsed; never throws for bad input.</summary>
    public static RequestVerification Verify(ParsedRequest parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        PublicKey sender;
        try
        {
            sender = parsed.SenderKey ??= PublicKey.FromBytes(parsed.SenderCertificate.SubjectPublicKey.Span);
        }
        catch (CryptoException)
        {
            return new RequestVerification(RequestVerdict.Malformed);
        }
        var signed = parsed.Signed;
        if (!parsed.RequestSignature.Verify(sender, SignatureTags.RequestPayload, signed.RequestPayload, signed.Signature))
            return new RequestVerification(RequestVerdict.BadSignature);
        // One verdict object per parsed request (hops sharing it get the same), made again for a copy with other parts.
        return parsed.Valid is { } kept && ReferenceEquals(kept.Payload, parsed.Payload) && ReferenceEquals(kept.SenderCertificate, parsed.SenderCertificate)
            && ReferenceEquals(kept.SenderPublicKey, sender)
            ? kept
            : parsed.Valid = new RequestVerification(RequestVerdict.Valid, parsed.Payload, parsed.SenderCertificate, sender);
    }
}
