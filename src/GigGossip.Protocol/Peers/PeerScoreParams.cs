namespace GigGossip.Protocol.Peers;

/// <summary>
/// Weights, caps, decay and thresholds of the peer score (after GossipSub v1.1's P2, P4, P6 and its thresholds,
/// with the whitepaper's track record: replies routed back and network fees settled). Every counter decays by
/// <see cref="Decay"/> per <see cref="DecayIntervalMs"/> and is set to zero below <see cref="DecayToZero"/>.
/// </summary>
public sealed record PeerScoreParams
{
    public long DecayIntervalMs { get; init; } = 60_000;
    public double Decay { get; init; } = 0.9;
    public double DecayToZero { get; init; } = 0.01;

    public double FirstDeliveryWeight { get; init; } = 1;
    public double FirstDeliveryCap { get; init; } = 50;
    public double RoutedReplyWeight { get; init; } = 5;
    public double RoutedReplyCap { get; init; } = 20;
    public double SettledFeeWeightPerSat { get; init; } = 0.1;
    public double SettledFeeCapSat { get; init; } = 500;
    /// <summary>Applied to the square of the invalid-frame counter (one mistake is forgiven sooner than a habit).</summary>
    public double InvalidFrameWeight { get; init; } = -10;
    public double AskTimeoutWeight { get; init; } = -1;
    /// <summary>
    /// Given to a peer this node dialled itself, while connected (GossipSub's application-specific P5): outbound peers come from
    /// the bucketed address book, so a Sybil flood reaches them far less than the inbound slots; at a cold start, when no one
    /// has earned anything yet, forwarding prefers them.
    /// </summary>
    public double OutboundWeight { get; init; } = 1;
    /// <summary>Applied to the square of the number of connected peers beyond <see cref="ColocationThreshold"/> in the peer's network group.</summary>
    public double ColocationWeight { get; init; } = -5;
    public int ColocationThreshold { get; init; } = 2;

    /// <summary>
    /// The delivery deficit (GossipSub v1.1's P3 and P3b): a peer that delivered a broadcast since it connected is in this node's
    /// mesh, and every broadcast this node hears of first from someone else, until the peer delivers one again, is a miss.
    /// Misses beyond <see cref="DeliveryMissesAllowed"/> cost their square times this weight (down to <see cref="DeliveryDeficitCap"/>);
    /// they decay like the rest and outlive a disconnect, so a peer that behaved and then drops (covert flash) loses its trust
    /// within a few broadcasts, then its gossip, then its connection.
    /// </summary>
    public double DeliveryDeficitWeight { get; init; } = -2;
    public double DeliveryMissesAllowed { get; init; } = 3;
    public double DeliveryDeficitCap { get; init; } = -100;
    /// <summary>A broadcast passed on later than this after the node first heard of it is no delivery (GossipSub's mesh delivery window): echoing old broadcasts earns nothing.</summary>
    public long DeliveryWindowMs { get; init; } = 2_000;

    /// <summary>Below this a peer is not forwarded to and its peer records are ignored.</summary>
    public double GossipThreshold { get; init; } = -10;
    /// <summary>Below this everything a peer sends is ignored (and the host may drop it).</summary>
    public double GraylistThreshold { get; init; } = -40;
    /// <summary>How long a disconnected peer's score is kept, so reconnecting does not wash away a bad record.</summary>
    public long RetainScoreMs { get; init; } = 6 * 3600 * 1000;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (DecayIntervalMs <= 0) problems.Add("decayIntervalMs must be positive");
        if (Decay is <= 0 or >= 1) problems.Add("decay must be in (0, 1)");
        if (FirstDeliveryWeight < 0 || RoutedReplyWeight < 0 || SettledFeeWeightPerSat < 0 || OutboundWeight < 0) problems.Add("reward weights must not be negative");
        if (InvalidFrameWeight > 0 || AskTimeoutWeight > 0 || ColocationWeight > 0 || DeliveryDeficitWeight > 0 || DeliveryDeficitCap > 0) problems.Add("penalty weights must not be positive");
        if (GraylistThreshold > GossipThreshold || GossipThreshold > 0) problems.Add("thresholds must satisfy graylist <= gossip <= 0");
        if (DeliveryMissesAllowed < 0) problems.Add("deliveryMissesAllowed must not be negative");
        if (DeliveryWindowMs < 0) problems.Add("deliveryWindowMs must not be negative");
        if (RetainScoreMs < 0) problems.Add("retainScoreMs must not be negative");
        return problems;
    }
}
