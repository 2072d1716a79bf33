using GigGossip.Settler.Host;

namespace GigGossip.Settler.Http;

/// <summary>A dispute as the operator's API shows it (times in Unix milliseconds, keys and hashes in hex).</summary>
public sealed record DisputeJson(
    string NetworkPaymentHash,
    string ReplyPaymentHash,
    string PayloadId,
    string Sender,
    string Replier,
    string State,
    string Decision,
    bool Open,
    long DisputedAtUnixMs,
    long? DefaultDecisionAtUnixMs,
    string DefaultDecision,
    long ServiceEndUnixMs,
    long MinHoldUntilUnixMs,
    long? NetworkHoldUntilUnixMs,
    long? ReplyHoldUntilUnixMs,
    long? PickupProvenAtUnixMs,
    string? SenderStatement,
    string? ReplierStatement)
{
    public static DisputeJson From(SettlerDispute d) => new(
        Convert.ToHexStringLower(d.Job.NetworkPaymentHash), Convert.ToHexStringLower(d.Reply.PaymentHash), d.Reply.PayloadId, d.Reply.Sender.ToHex(),
        d.Reply.Replier.ToHex(), d.Job.State.ToString(), d.Terms.Decision.ToString(), d.Open, d.Terms.DisputedAtUnixMs ?? 0, d.Terms.DefaultDecisionAtUnixMs,
        d.DefaultDecision, d.Terms.ServiceEndUnixMs, d.Terms.MinHoldUntilUnixMs, d.Terms.NetworkHoldUntilUnixMs, d.Terms.ReplyHoldUntilUnixMs,
        d.Terms.PickupProvenAtUnixMs, d.Terms.SenderStatement, d.Terms.ReplierStatement);
}

/// <summary>Every dispute, newest first.</summary>
public sealed record DisputeListJson(IReadOnlyList<DisputeJson> Disputes);

/// <summary>The operator's decision: "settle" (the driver is paid) or "refund" (the sender gets the money back).</summary>
public sealed record DecideRequest(string? Decision);

/// <summary>The driver reports the pickup code the rider told it (signed by the replier's key).</summary>
public sealed record PickupReportRequestJson(string? NetworkPaymentHash, string? Code, string? Signature);

/// <summary>The sender or the replier of a disputed job says what happened (signed by its key).</summary>
public sealed record DisputeStatementRequestJson(string? NetworkPaymentHash, string? Statement, string? Signature);
