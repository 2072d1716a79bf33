using GigGossip.Protocol.Certificates;

namespace GigGossip.Protocol.Settlement;

/// <summary>What a settler charges and how long it waits.</summary>
public sealed record SettlerPolicy
{
    /// <summary>The settler's own amount on the network invoice.</summary>
    public long NetworkFeeMsat { get; init; } = 1_000;

    /// <summary>How long after a promise the network and reply invoices have to be Accepted before the job is cancelled.</summary>
    public long LockTimeoutMs { get; init; } = 120_000;

    /// <summary>After the key is revealed, how long the sender has to report; then the job settles as done.</summary>
    public long DisputeWindowMs { get; init; } = 900_000;

    /// <summary>How long the settler's network invoice stays payable.</summary>
    public long InvoiceExpiryMs { get; init; } = 600_000;

    /// <summary>How long a signed revocation list is fresh (its next_update).</summary>
    public long RevocationListValidityMs { get; init; } = 3_600_000;

    /// <summary>Settlers (including this one) whose certificates this settler accepts from senders and repliers.</summary>
    public TrustedSettlers TrustedSettlers { get; init; } = new([]);

    /// <summary>The certificate properties a replier must carry for each kind of job; checked before a reply hash or a promise.</summary>
    public JobRequirements RequiredProperties { get; init; } = JobRequirements.Default;

    /// <summary>Whether any key that registers may ask for its certificate (open, the demo's) or only those the operator approved.</summary>
    public RegistrationPolicy Registration { get; init; } = RegistrationPolicy.Open;

    /// <summary>How far a replier's signed reply-hash request may be from the settler's clock (either way).</summary>
    public long ReplierProofToleranceMs { get; init; } = 300_000;
}
