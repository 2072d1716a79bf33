namespace GigGossip.Protocol.Certificates;

/// <summary>What <see cref="RevocationLists.Verify"/> found, first failing check first.</summary>
public enum RevocationListVerdict
{
    Valid,

    /// <summary>Does not parse, a serial or key of the wrong length, or issued_at after next_update.</summary>
    Malformed,

    /// <summary>The list names a different issuer than the settler it is held for.</summary>
    WrongIssuer,

    /// <summary>The signature is not the issuer's over the list bytes (a forged or altered list).</summary>
    BadSignature,
}
