namespace GigGossip.Protocol.Frames;

/// <summary>What <see cref="SignedRequests.Verify"/> found; the sender certificate itself is judged by the certificate verifier.</summary>
public enum RequestVerdict
{
    Valid,

    /// <summary>The payload or its sender certificate does not parse, misses a part, or the subject key is not a curve point.</summary>
    Malformed,

    /// <summary>The signature is not the sender certificate subject's signature over the request payload bytes.</summary>
    BadSignature,
}
