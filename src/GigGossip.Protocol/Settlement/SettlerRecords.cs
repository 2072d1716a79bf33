using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using Google.Protobuf;

namespace GigGossip.Protocol.Settlement;

/// <summary>
/// Where a settler's job stands: waiting for the money to be locked (and the job to be done), settled, or cancelled;
/// frozen by a dispute after the key reveal until the operator (or the written default) decides; settling while the
/// network invoice's settlement is not confirmed by the wallet (the reply preimage is released only after it).
/// </summary>
public enum SettlerJobState
{
    Locking = 0,
    Settled = 1,
    Cancelled = 2,
    Disputed = 3,
    Settling = 4,
}

/// <summary>Who or what ended a job, so the operator, the sender and the driver can see why the money moved.</summary>
public enum SettlerDecision
{
    None = 0,
    /// <summary>The sender reported the job done.</summary>
    SenderDone = 1,
    /// <summary>The pickup window and completion time ended without a dispute.</summary>
    WindowEnded = 2,
    /// <summary>The settler's operator decided a dispute for the driver.</summary>
    OperatorSettled = 3,
    /// <summary>The settler's operator decided a dispute for the sender.</summary>
    OperatorRefunded = 4,
    /// <summary>Nobody decided in time; the driver had reported the pickup code, so the job settled.</summary>
    DefaultSettled = 5,
    /// <summary>Nobody decided in time; no pickup code was reported, so the sender was refunded.</summary>
    DefaultRefunded = 6,
    /// <summary>The sender disputed before the key reveal: nothing was given away, so everything is cancelled.</summary>
    DisputedBeforeReveal = 7,
    /// <summary>The money was not locked in time, an invoice was cancelled, or the holds were too short.</summary>
    NotLocked = 8,
}

/// <summary>
/// The money terms of a job, as a host saves them: when the service ends (end of the pickup window plus completion
/// time), the holds the settler saw on its invoices, the dispute and its statements, the pickup proof and the decision.
/// </summary>
public sealed record SettlerJobTerms(
    long ServiceEndUnixMs,
    long MinHoldUntilUnixMs,
    long? NetworkHoldUntilUnixMs,
    long? ReplyHoldUntilUnixMs,
    long? DisputedAtUnixMs,
    long? DefaultDecisionAtUnixMs,
    string? SenderStatement,
    string? ReplierStatement,
    long? PickupProvenAtUnixMs,
    int PickupAttempts,
    int SettleAttempts,
    SettlerDecision Decision);

/// <summary>A reply hash the settler made, as a host saves it: the reply preimage and what is known of the reply invoice.</summary>
public sealed record SettlerReplyRecord(
    byte[] Preimage,
    PublicKey Replier,
    PublicKey Sender,
    string PayloadId,
    string? ReplyInvoice,
    bool Accepted,
    bool Released,
    bool Cancelled)
{
    public byte[] PaymentHash => Preimages.HashOf(Preimage);
}

/// <summary>A SettlementPromise's job, as a host saves it: the network preimage, its reply, and where the money stands.</summary>
public sealed record SettlerJobRecord(
    byte[] NetworkPreimage,
    byte[] ReplyPaymentHash,
    bool NetworkAccepted,
    bool KeyRevealed,
    SettlerJobState State,
    SettlerJobTerms? Terms = null)
{
    public byte[] NetworkPaymentHash => Preimages.HashOf(NetworkPreimage);
}

/// <summary>Replies and jobs of a <see cref="SettlerEngine"/>: all of them (<see cref="SettlerEngine.Export"/>) or those just changed.</summary>
public sealed record SettlerEngineState(IReadOnlyList<SettlerReplyRecord> Replies, IReadOnlyList<SettlerJobRecord> Jobs)
{
    /// <summary>Payment hashes of unused replies the engine forgot (changes only): a host deletes them.</summary>
    public IReadOnlyList<byte[]> RemovedReplies { get; init; } = [];

    /// <summary>Network payment hashes of unpaid jobs the engine forgot (changes only): a host deletes them.</summary>
    public IReadOnlyList<byte[]> RemovedJobs { get; init; } = [];

    public bool IsEmpty => Replies.Count == 0 && Jobs.Count == 0 && RemovedReplies.Count == 0 && RemovedJobs.Count == 0;
}

/// <summary>
/// A subject registered with a settler's authority, the properties the operator granted it, and whether the operator
/// approved it (under <see cref="RegistrationPolicy.Approval"/> only approved subjects get certificates themselves).
/// </summary>
public sealed record SettlerSubjectRecord(PublicKey Subject, IReadOnlyDictionary<string, byte[]> Properties, bool Approved = false);

/// <summary>
/// A certificate a settler's authority issued: its serial, subject, and whether it is revoked. A one-time certificate
/// (<paramref name="OneTime"/>) names the subject it was issued to, not its one-time key: the link only the settler holds.
/// </summary>
public sealed record IssuedCertificateRecord(ByteString Serial, PublicKey Subject, bool Revoked, bool OneTime = false);
