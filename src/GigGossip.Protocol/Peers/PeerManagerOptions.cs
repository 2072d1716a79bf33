namespace GigGossip.Protocol.Peers;

/// <summary>
/// How a node keeps its connections: outbound connections it chooses up to a quota (spread over network groups),
/// inbound ones up to a cap, pruning of the worst outbound peer, peer exchange and anchors.
/// </summary>
public sealed record PeerManagerOptions
{
    /// <summary>Outbound connections the node keeps (it dials more until it has them).</summary>
    public int OutboundQuota { get; init; } = 8;
    /// <summary>Inbound connections accepted; past it the lowest-scored inbound peer of the most crowded group goes.</summary>
    public int MaxInbound { get; init; } = 32;
    /// <summary>Outbound peers kept as anchors across restarts (dialled first on start).</summary>
    public int Anchors { get; init; } = 2;
    /// <summary>How often the node looks at its connections (dials, prunes, asks for addresses).</summary>
    public long TickIntervalMs { get; init; } = 10_000;
    /// <summary>How often the worst outbound peer may be replaced.</summary>
    public long PruneIntervalMs { get; init; } = 60_000;
    /// <summary>A new outbound peer is not pruned before it had this long to earn a score.</summary>
    public long PruneGraceMs { get; init; } = 5 * 60_000;
    /// <summary>An outbound peer scoring below this after its grace is replaced, when another outbound peer scores at least this (so a quiet network does not churn).</summary>
    public double PruneBelowScore { get; init; } = 2;
    /// <summary>How often the node asks one outbound peer for addresses.</summary>
    public long ExchangeIntervalMs { get; init; } = 5 * 60_000;
    /// <summary>Records sent in one answer, and the most read from one.</summary>
    public int RecordsPerExchange { get; init; } = 32;
    /// <summary>A peer's requests for addresses answered at most once per this interval.</summary>
    public long AnswerIntervalMs { get; init; } = 60_000;
    /// <summary>How often the node signs its own record anew (so it stays fresh in others' books).</summary>
    public long RenewOwnRecordMs { get; init; } = 3600_000;
    /// <summary>A failed dial is not retried for this long.</summary>
    public long DialBackoffMs { get; init; } = 60_000;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (OutboundQuota < 1) problems.Add("outboundQuota must be at least 1");
        if (MaxInbound < 0) problems.Add("maxInbound must not be negative");
        if (Anchors < 0 || Anchors > OutboundQuota) problems.Add("anchors must be 0..outboundQuota");
        if (TickIntervalMs <= 0 || PruneIntervalMs <= 0 || ExchangeIntervalMs <= 0 || AnswerIntervalMs < 0 || RenewOwnRecordMs <= 0 || DialBackoffMs < 0 || PruneGraceMs < 0)
            problems.Add("intervals must be positive");
        if (RecordsPerExchange < 1) problems.Add("recordsPerExchange must be at least 1");
        return problems;
    }
}
