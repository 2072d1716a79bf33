namespace GigGossip.Protocol.Frames;

/// <summary>What <see cref="SettlementPromises.Verify"/> found, first failing check first.</summary>
public enum SettlementPromiseVerdict
{
    Valid,

    /// <summary>Does not parse, misses a field, a field of the wrong length, or a negative amount.</summary>
    Malformed,

    /// <summary>settler_public_key is not one of the node's trusted settlers.</summary>
    UntrustedSettler,

    /// <summary>The signature is not that settler's over the promise bytes.</summary>
    BadSignature,
}
