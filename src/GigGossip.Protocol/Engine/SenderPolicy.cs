using GigGossip.Protocol.Certificates;

namespace GigGossip.Protocol.Engine;

/// <summary>What a sender accepts: the most it pays the network, and whether it takes the best offer itself.</summary>
public sealed record SenderPolicy
{
    /// <summary>The most the network invoice (settler's amount plus every hop's fee) may cost.</summary>
    public long MaxNetworkFeeMsat { get; init; } = 100_000;

    /// <summary>The most a reply (the job's price) may cost.</summary>
    public long MaxPriceMsat { get; init; } = long.MaxValue;

    /// <summary>Take the best offer when the reply deadline passes, without waiting for the app.</summary>
    public bool AutoAcceptBestOffer { get; init; } = true;

    /// <summary>How long the reply invoice's money may be held (job duration plus dispute window).</summary>
    public long ReplyHoldMs { get; init; } = 3_600_000;

    /// <summary>How long the network invoice's money may be held.</summary>
    public long NetworkHoldMs { get; init; } = 1_800_000;

    /// <summary>
    /// How much longer than the settler's minimum hold (the promise's min_hold_until) the sender holds: each middleman
    /// shortens the hold it passes on by its hold delta, so the network invoice needs room for every hop's delta.
    /// </summary>
    public long HoldSlackMs { get; init; } = 900_000;

    /// <summary>The network invoice's hold: the policy's, or longer when the settler's promise needs it held past the job and its dispute window.</summary>
    public long NetworkHoldUntil(long nowUnixMs, long minHoldUntilUnixMs) =>
        Math.Max(nowUnixMs + NetworkHoldMs, minHoldUntilUnixMs > 0 ? minHoldUntilUnixMs + HoldSlackMs : 0);

    /// <summary>The reply invoice's hold (paid straight to the replier, no hops): the policy's, or the promise's minimum plus a minute.</summary>
    public long ReplyHoldUntil(long nowUnixMs, long minHoldUntilUnixMs) =>
        Math.Max(nowUnixMs + ReplyHoldMs, minHoldUntilUnixMs > 0 ? minHoldUntilUnixMs + 60_000 : 0);
    /// <summary>The certificate properties a replier must carry for each kind of job (a taxi driver's licence); checked before paying.</summary>
    public JobRequirements RequiredProperties { get; init; } = JobRequirements.Default;
}
