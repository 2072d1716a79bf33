namespace GigGossip.Protocol.Engine;

// What the node's roles wait for. Each names its role's job by a typed key; the host only hands them back.

/// <summary>The replier asked its settler for a reply payment hash for a job.</summary>
public sealed record ReplyHashCall(string PayloadId) : Correlation;

/// <summary>The replier asked its wallet for the reply invoice of a job.</summary>
public sealed record ReplyInvoiceFor(string PayloadId) : Correlation;

/// <summary>The replier asked its settler for a settlement promise for one way back of a job.</summary>
public sealed record PromiseCall(string WayBackId) : Correlation;

/// <summary>The replier asked its wallet for the network invoice of one way back of a job.</summary>
public sealed record ReplierNetworkInvoiceFor(string WayBackId) : Correlation;

/// <summary>A middleman asked its wallet for its network invoice on a reply it passes back.</summary>
public sealed record NetworkInvoiceFor(string HopId) : Correlation;

/// <summary>The sender asks the settler for the key of an offer it paid (a timer, then a call, until revealed).</summary>
public sealed record KeyReveal(string OfferId) : Correlation;

/// <summary>The sender reported a job done or disputed.</summary>
public sealed record JobReportCall(string PayloadId, JobOutcome Outcome) : Correlation;

/// <summary>Timer: the settler did not take a job report (down, or not yet); the sender makes it again.</summary>
public sealed record JobReportRetry(string PayloadId, JobOutcome Outcome) : Correlation;

/// <summary>The sender's reply deadline for a request.</summary>
public sealed record ReplyDeadline(string PayloadId) : Correlation;

/// <summary>The replier asks the settler for the reply preimage of a job (a call, then a timer, until published).</summary>
public sealed record ReplyPreimage(string PayloadId) : Correlation;

/// <summary>The replier reported the pickup code of a job.</summary>
public sealed record PickupReportCall(string PayloadId) : Correlation;

/// <summary>The sender or the replier made a statement on a disputed job.</summary>
public sealed record StatementCall(string PayloadId) : Correlation;

/// <summary>The sender's periodic sweep of finished requests.</summary>
public sealed record ForgetFinished : Correlation
{
    public static ForgetFinished Instance { get; } = new();
}

/// <summary>The sender asked its settler for a batch of one-time certificates.</summary>
public sealed record OneTimeBatchCall : Correlation
{
    public static OneTimeBatchCall Instance { get; } = new();
}

/// <summary>The settler did not answer the sender's ask for one-time certificates: it asks again when this fires.</summary>
public sealed record OneTimeBatchRetry : Correlation
{
    public static OneTimeBatchRetry Instance { get; } = new();
}
