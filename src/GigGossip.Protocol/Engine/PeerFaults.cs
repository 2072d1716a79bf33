namespace GigGossip.Protocol.Engine;

/// <summary>
/// Which refusals are a peer's fault. An honest peer on a graph with cycles sees its frames refused for reasons of
/// policy or timing (a payload already broadcast, a late reply, a fee too high, an onion at its depth limit); those are
/// never held against it. Everything else (over the ask rate, a proof of work that is wrong, stale or replayed, a bad
/// signature or onion) counts against its score and towards dropping it.
/// </summary>
public static class PeerFaults
{
    public static bool IsFault(RejectionReason reason) => reason is not (
        RejectionReason.MultibroadcastLimit or RejectionReason.ReplyAfterDeadline or RejectionReason.UnknownPayload or
        RejectionReason.CertificateRejected or RejectionReason.TopicRejected or RejectionReason.UntrustedSettler or
        RejectionReason.ConditionsTooExpensive or RejectionReason.FeeAboveLimit or RejectionReason.PriceAboveLimit or
        RejectionReason.HopLimit);
}
