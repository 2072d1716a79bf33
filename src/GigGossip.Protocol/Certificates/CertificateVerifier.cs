using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Certificates;

/// <summary>
/// Judges a signed certificate against the trusted settlers at a given time. Times compare in whole
/// milliseconds and both ends of the validity period are inclusive: a certificate is valid at exactly
/// not_before and at exactly not_after. The checks run in the order of <see cref="CertificateVerdict"/>.
/// </summary>
public static class CertificateVerifier
{
    public static CertificateVerdict Verify(SignedCertificate signed, TrustedSettlers trusted, DateTimeOffset now) =>
        Verify(signed, trusted, now, out _);

    /// <summary>As <see cref="Verify(SignedCertificate, TrustedSettlers, DateTimeOffset)"/>; also gives the parsed certificate when it is not Malformed.</summary>
    public static CertificateVerdict Verify(SignedCertificate signed, TrustedSettlers trusted, DateTimeOffset now, out Certificate? certificate) =>
        Verify(signed, null, trusted, now, null, out certificate);

    /// <summary>As <see cref="Verify(SignedCertificate, TrustedSettlers, DateTimeOffset)"/>, for a certificate the codec already parsed and checked (<paramref name="parsed"/>).</summary>
    public static CertificateVerdict Verify(SignedCertificate signed, Certificate parsed, TrustedSettlers trusted, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return Verify(signed, parsed, trusted, now, null, out _);
    }

    /// <summary>As above; with <paramref name="signature"/>, its verdict is kept there for the next check of the same bytes.</summary>
    internal static CertificateVerdict Verify(SignedCertificate signed, Certificate parsed, TrustedSettlers trusted, DateTimeOffset now, KeptVerdict? signature)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        return Verify(signed, parsed, trusted, now, signature, out _);
    }

    private static CertificateVerdict Verify(SignedCertificate signed, Certificate? parsed, TrustedSettlers trusted, DateTimeOffset now, KeptVerdict? signature,
        out Certificate? certificate)
    {
        ArgumentNullException.ThrowIfNull(signed);
        ArgumentNullException.ThrowIfNull(trusted);
        certificate = null;
        Certificate read;
        try
        {
            read = parsed ?? signed.ReadCertificate();
        }
        catch (FrameFormatException)
        {
            return CertificateVerdict.Malformed;
        }
        if (!Secp256k1.Current.IsValidXOnlyPublicKey(read.SubjectPublicKey.Span)) return CertificateVerdict.Malformed;
        certificate = read;

        if (trusted.Find(read.IssuerPublicKey) is not { } settler) return CertificateVerdict.UntrustedIssuer;
        if (!(signature?.Verify(settler.PublicKey, SignatureTags.Certificate, signed.Certificate, signed.Signature)
                ?? settler.PublicKey.Verify(SignatureTags.Certificate, signed.Certificate.Span, signed.Signature.Span)))
            return CertificateVerdict.BadSignature;

        var nowUnixMs = now.ToUnixTimeMilliseconds();
        if (nowUnixMs < read.NotBeforeUnixMs) return CertificateVerdict.NotYetValid;
        if (nowUnixMs > read.NotAfterUnixMs) return CertificateVerdict.Expired;

        if (settler.RevocationListVerdict is { } listVerdict && listVerdict != RevocationListVerdict.Valid)
            return CertificateVerdict.BadRevocationList;
        if (settler.IsRevoked(read.Serial)) return CertificateVerdict.Revoked;
        if (trusted.IsStale(settler, nowUnixMs)) return CertificateVerdict.StaleRevocationList;
        return CertificateVerdict.Valid;
    }
}
