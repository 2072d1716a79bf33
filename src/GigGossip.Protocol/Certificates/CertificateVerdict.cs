namespace GigGossip.Protocol.Certificates;

/// <summary>
/// The one reason <see cref="CertificateVerifier"/> gives. When several apply, the first in this order
/// wins: a certificate must be readable, from a trusted issuer, authentic and in its validity period
/// before the issuer's revocation list is consulted.
/// </summary>
public enum CertificateVerdict
{
    Valid,

    /// <summary>Does not parse, misses a field, has a field of the wrong length, or its subject key is not a curve point.</summary>
    Malformed,

    /// <summary>The issuer key is not one of the trusted settlers.</summary>
    UntrustedIssuer,

    /// <summary>The signature is not the issuer's over the certificate bytes.</summary>
    BadSignature,

    /// <summary>now is before not_before.</summary>
    NotYetValid,

    /// <summary>now is after not_after.</summary>
    Expired,

    /// <summary>
    /// The issuer's revocation list held for this settler is forged, malformed or from another issuer
    /// (see <see cref="TrustedSettler.RevocationListVerdict"/>), so nothing can be said about revocation.
    /// </summary>
    BadRevocationList,

    /// <summary>The issuer's authentic list names this serial. Revocation is final, so a stale list still proves it.</summary>
    Revoked,

    /// <summary>No list from this issuer, or the list is past its next_update (or older than the allowed age).</summary>
    StaleRevocationList,
}
