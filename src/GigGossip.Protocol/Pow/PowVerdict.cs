namespace GigGossip.Protocol.Pow;

/// <summary>What a middleman concludes about a proof of work.</summary>
public enum PowVerdict
{
    Valid,
    HashAboveTarget,
    TimestampInFuture,
    TimestampExpired,
}
