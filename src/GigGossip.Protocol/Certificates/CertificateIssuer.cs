using Google.Protobuf;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Certificates;

/// <summary>
/// What a payment settler does as a certificate authority: sign certificates after KYC and sign the
/// list of serials it has revoked (whitepaper "Digital Certificates"). Pure functions: the caller
/// supplies keys, serials and times.
/// </summary>
public static class CertificateIssuer
{
    public static ByteString NewSerial() => FrameIds.New();

    /// <summary>
    /// Signs a certificate under <see cref="SignatureTags.Certificate"/>. Properties are written in
    /// ordinal name order. Throws <see cref="ArgumentException"/> for a certificate peers would refuse.
    /// </summary>
    public static SignedCertificate Issue(
        SecretKey settlerKey,
        string issuerUri,
        ByteString serial,
        PublicKey subject,
        IReadOnlyDictionary<string, byte[]> properties,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(settlerKey);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentException.ThrowIfNullOrEmpty(issuerUri);
        RequireSerial(serial, nameof(serial));
        if (notBefore > notAfter) throw new ArgumentException($"not before ({notBefore:O}) is after not after ({notAfter:O})", nameof(notBefore));
        if (properties.Count > FrameLimits.Default.MaxCertificateProperties)
            throw new ArgumentException($"{properties.Count} properties, more than the limit of {FrameLimits.Default.MaxCertificateProperties}", nameof(properties));

        var certificate = Unsigned(settlerKey, issuerUri, serial, subject, notBefore, notAfter);
        foreach (var (name, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            certificate.Properties.Add(name, ByteString.CopyFrom(value));
        return Sign(settlerKey, certificate);
    }

    private static Certificate Unsigned(SecretKey settlerKey, string issuerUri, ByteString serial, PublicKey subject, DateTimeOffset notBefore, DateTimeOffset notAfter) => new()
    {
        Serial = serial,
        SubjectPublicKey = ByteString.CopyFrom(subject.Bytes),
        NotBeforeUnixMs = notBefore.ToUnixTimeMilliseconds(),
        NotAfterUnixMs = notAfter.ToUnixTimeMilliseconds(),
        IssuerUri = issuerUri,
        IssuerPublicKey = ByteString.CopyFrom(settlerKey.PublicKey.Bytes),
    };

    private static SignedCertificate Sign(SecretKey settlerKey, Certificate certificate)
    {
        var bytes = certificate.ToByteString();
        return new SignedCertificate
        {
            Certificate = bytes,
            Signature = ByteString.CopyFrom(settlerKey.Sign(SignatureTags.Certificate, bytes.Span)),
        };
    }

    /// <summary>
    /// Signs a one-time certificate (docs/protocol/privacy.md, "Unlinkable senders"): no properties in the clear, only
    /// <paramref name="propertyCommitments"/> (<see cref="CertificateCommitments"/>).
    /// </summary>
    public static SignedCertificate IssueOneTime(
        SecretKey settlerKey,
        string issuerUri,
        ByteString serial,
        PublicKey subject,
        IReadOnlyList<ByteString> propertyCommitments,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(settlerKey);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(propertyCommitments);
        ArgumentException.ThrowIfNullOrEmpty(issuerUri);
        RequireSerial(serial, nameof(serial));
        if (notBefore > notAfter) throw new ArgumentException($"not before ({notBefore:O}) is after not after ({notAfter:O})", nameof(notBefore));
        var certificate = Unsigned(settlerKey, issuerUri, serial, subject, notBefore, notAfter);
        certificate.PropertyCommitments.AddRange(propertyCommitments);
        return Sign(settlerKey, certificate);
    }

    /// <summary>Signs the settler's revocation list under <see cref="SignatureTags.RevocationList"/>.</summary>
    public static SignedRevocationList SignRevocationList(
        SecretKey settlerKey,
        IEnumerable<ByteString> revokedSerials,
        DateTimeOffset issuedAt,
        DateTimeOffset nextUpdate)
    {
        ArgumentNullException.ThrowIfNull(settlerKey);
        ArgumentNullException.ThrowIfNull(revokedSerials);
        if (issuedAt > nextUpdate) throw new ArgumentException($"issued at ({issuedAt:O}) is after next update ({nextUpdate:O})", nameof(issuedAt));
        var list = new RevocationList
        {
            IssuerPublicKey = ByteString.CopyFrom(settlerKey.PublicKey.Bytes),
            IssuedAtUnixMs = issuedAt.ToUnixTimeMilliseconds(),
            NextUpdateUnixMs = nextUpdate.ToUnixTimeMilliseconds(),
        };
        foreach (var serial in revokedSerials)
        {
            RequireSerial(serial, nameof(revokedSerials));
            list.RevokedSerials.Add(serial);
        }
        var bytes = list.ToByteString();
        return new SignedRevocationList
        {
            RevocationList = bytes,
            Signature = ByteString.CopyFrom(settlerKey.Sign(SignatureTags.RevocationList, bytes.Span)),
        };
    }

    private static void RequireSerial(ByteString serial, string parameter)
    {
        ArgumentNullException.ThrowIfNull(serial, parameter);
        if (serial.Length != WireLengths.Id)
            throw new ArgumentException($"a serial must be {WireLengths.Id} bytes, got {serial.Length}", parameter);
    }
}
