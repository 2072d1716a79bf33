using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// Proof of service and dispute statements. The rider's pickup code comes with the key (<see cref="PickupCode"/>);
/// the driver reports it to the settler, signed, at pickup. Either side of a disputed job sends the settler a signed
/// statement for the operator. The driver names its job by its reply payment hash (it does not know which of its
/// routes the rider paid); the rider by the network payment hash of the offer it paid.
/// </summary>
public sealed partial class NodeEngine
{
    /// <summary>The pickup code of a request this node sent, once the settler revealed its key.</summary>
    public string? PickupCodeFor(string payloadId) =>
        _ownBroadcasts.TryGetValue(payloadId, out var own) && own.NetworkPreimage is { } key ? PickupCode.Of(key) : null;

    private void ReportPickup(string payloadId, string code)
    {
        if (!_replierJobs.TryGetValue(payloadId, out var job) || job.ReplyPaymentHash is not { } hash)
        {
            Emit(new NodeWarning($"no job {payloadId} to report a pickup for"));
            return;
        }
        var signature = _key.Sign(SignatureTags.PickupReport, PickupReportRequest.SignedBytes(hash, code));
        _effects.Add(new CallSettler(job.Terms.SettlerUri, PickupPrefix + payloadId, new PickupReportRequest(hash, code, signature)));
    }

    private void SubmitStatement(string payloadId, string statement)
    {
        (string SettlerUri, byte[] Hash)? target =
            _ownBroadcasts.TryGetValue(payloadId, out var own) && own.Accepted is { } offer ? (offer.SettlerUri, offer.NetworkPaymentHash)
            : _replierJobs.TryGetValue(payloadId, out var job) && job.ReplyPaymentHash is { } hash ? (job.Terms.SettlerUri, hash)
            : null;
        if (target is not { } t)
        {
            Emit(new NodeWarning($"no paid job {payloadId} to make a statement about"));
            return;
        }
        var signature = _key.Sign(SignatureTags.DisputeStatement, DisputeStatementRequest.SignedBytes(t.Hash, statement));
        _effects.Add(new CallSettler(t.SettlerUri, StatementPrefix + payloadId, new DisputeStatementRequest(t.Hash, statement, signature)));
    }

    private void OnPickupAnswer(string payloadId, SettlerResponse response)
    {
        if (response is Acknowledged) Emit(new PickupReported(payloadId));
        else Emit(new NodeWarning($"settler did not take the pickup code for {payloadId}: {SettlerResponses.Describe(response)}"));
    }

    private void OnStatementAnswer(string payloadId, SettlerResponse response)
    {
        if (response is Acknowledged) Emit(new StatementSubmitted(payloadId));
        else Emit(new NodeWarning($"settler did not take the statement for {payloadId}: {SettlerResponses.Describe(response)}"));
    }

    private const string PickupPrefix = "pickup:";
    private const string StatementPrefix = "statement:";
}
