using GigGossip.Protocol.Certificates;

namespace GigGossip.Protocol.Settlement;

/// <summary>
/// What a settler charges and how long it waits. The deadlines must agree (see <see cref="Problems"/>):
/// lock timeout &gt;= longest reply window + payment time; the network invoice stays payable until the lock timeout;
/// every hold lasts past the end of the pickup window + completion time + dispute window + margin.
/// </summary>
public sealed record SettlerPolicy
{
    /// <summary>The settler's own amount on the network invoice.</summary>
    public long NetworkFeeMsat { get; init; } = 1_000;

    /// <summary>The longest reply window (broadcast until the sender picks an offer) a request may ask for.</summary>
    public long MaxReplyWindowMs { get; init; } = 3_600_000;

    /// <summary>How long after a promise the network and reply invoices have to be Accepted before the job is cancelled.</summary>
    public long LockTimeoutMs { get; init; } = 3_900_000;

    /// <summary>How long after the end of the pickup window the job may take (the ride itself).</summary>
    public long CompletionTimeMs { get; init; } = 3_600_000;

    /// <summary>How long a dispute stays open for statements and the operator's decision before the written default decides it.</summary>
    public long DisputeWindowMs { get; init; } = 900_000;

    /// <summary>Slack between the written default decision and the earliest hold's expiry, for the wallet calls to land.</summary>
    public long HoldMarginMs { get; init; } = 600_000;

    /// <summary>The longest a hold may last from the promise (what wallets accept: 2016 blocks of 10 minutes).</summary>
    public long MaxHoldMs { get; init; } = 2016L * 600_000;

    /// <summary>How long the settler's network invoice stays payable.</summary>
    public long InvoiceExpiryMs { get; init; } = 3_900_000;

    /// <summary>First wait before a failed settle or cancel on the wallet is tried again; doubles up to <see cref="WalletRetryMaxMs"/>.</summary>
    public long WalletRetryMs { get; init; } = 5_000;

    public long WalletRetryMaxMs { get; init; } = 300_000;

    /// <summary>How many wrong pickup codes a driver may report for a job before the settler stops listening.</summary>
    public int MaxPickupAttempts { get; init; } = 5;

    /// <summary>How long a signed revocation list is fresh (its next_update).</summary>
    public long RevocationListValidityMs { get; init; } = 3_600_000;

    /// <summary>Settlers (including this one) whose certificates this settler accepts from senders and repliers.</summary>
    public TrustedSettlers TrustedSettlers { get; init; } = new([]);

    /// <summary>The hold every invoice of a job whose service ends at <paramref name="serviceEndUnixMs"/> must last past.</summary>
    public long MinHoldUntil(long serviceEndUnixMs) => serviceEndUnixMs + DisputeWindowMs + HoldMarginMs;

    /// <summary>The deadlines that disagree, one line each; empty when the policy is sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (NetworkFeeMsat < 0) problems.Add("the network fee must not be negative");
        foreach (var (name, value) in new[] { ("lock timeout", LockTimeoutMs), ("reply window", MaxReplyWindowMs), ("completion time", CompletionTimeMs),
                     ("dispute window", DisputeWindowMs), ("hold margin", HoldMarginMs), ("invoice expiry", InvoiceExpiryMs), ("wallet retry", WalletRetryMs) })
            if (value <= 0) problems.Add($"the {name} must be positive");
        if (LockTimeoutMs < MaxReplyWindowMs)
            problems.Add($"the lock timeout ({LockTimeoutMs} ms) must not be shorter than the longest reply window a request may ask for ({MaxReplyWindowMs} ms)");
        if (InvoiceExpiryMs < LockTimeoutMs)
            problems.Add($"the network invoice expiry ({InvoiceExpiryMs} ms) must not be shorter than the lock timeout ({LockTimeoutMs} ms)");
        if (HoldMarginMs < WalletRetryMs)
            problems.Add($"the hold margin ({HoldMarginMs} ms) must leave room for at least one wallet retry ({WalletRetryMs} ms)");
        if (MaxHoldMs < LockTimeoutMs + CompletionTimeMs + DisputeWindowMs + HoldMarginMs)
            problems.Add($"the longest hold ({MaxHoldMs} ms) must cover lock timeout + completion time + dispute window + margin");
        if (WalletRetryMaxMs < WalletRetryMs) problems.Add("the longest wallet retry wait must not be shorter than the first");
        if (MaxPickupAttempts < 1) problems.Add("at least one pickup code attempt must be allowed");
        return problems;
    }
    /// <summary>The certificate properties a replier must carry for each kind of job; checked before a reply hash or a promise.</summary>
    public JobRequirements RequiredProperties { get; init; } = JobRequirements.Default;

    /// <summary>Whether any key that registers may ask for its certificate (open, the demo's) or only those the operator approved.</summary>
    public RegistrationPolicy Registration { get; init; } = RegistrationPolicy.Open;

    /// <summary>How far a replier's signed reply-hash request may be from the settler's clock (either way).</summary>
    public long ReplierProofToleranceMs { get; init; } = 300_000;

    /// <summary>How long a one-time certificate lasts from the start of the UTC day it was issued (never past its subject's own).</summary>
    public long OneTimeCertificateValidityMs { get; init; } = 7 * 86_400_000L;
}
