using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

namespace GigGossip.Protocol.Settlement;

/// <summary>
/// Disputes after the key reveal: the job freezes (nothing moves), the sender and the replier each send a signed
/// statement, the driver's pickup code is the proof of service, and the operator decides. If nobody decides in time,
/// the written default does, before the earliest hold expires: the driver is paid with the pickup proof, the sender
/// refunded without it.
/// </summary>
public sealed partial class SettlerEngine
{
    /// <summary>A dispute after the key reveal: the contact was given away, so the money stays held until someone decides.</summary>
    private void Freeze(SettlerJob job)
    {
        job.State = SettlerJobState.Disputed;
        job.DisputedAtUnixMs = _now;
        var earliestHold = Math.Min(job.NetworkHoldUntilUnixMs ?? long.MaxValue, job.Reply.HoldUntilUnixMs ?? long.MaxValue);
        var decideAt = Math.Min(_now + Policy.DisputeWindowMs, earliestHold == long.MaxValue ? long.MaxValue : earliestHold - Policy.HoldMarginMs);
        job.DefaultDecisionAtUnixMs = Math.Max(_now, decideAt);
        Touch(job);
        _effects.Add(new SetTimer(DecisionTimerPrefix + Hex(job.NetworkPaymentHash), job.DefaultDecisionAtUnixMs.Value));
    }

    /// <summary>The written default: the pickup code decides.</summary>
    private void DecideByDefault(SettlerJob job)
    {
        if (job.PickupProvenAtUnixMs is not null) Settle(job, SettlerDecision.DefaultSettled);
        else
        {
            job.Decision = SettlerDecision.DefaultRefunded;
            Cancel(job);
        }
    }

    private void OnOperatorDecision(OperatorDecision decision)
    {
        if (!_jobs.TryGetValue(Hex(decision.NetworkPaymentHash), out var job))
        {
            Respond(decision.CallId, Refused(SettlerRefusal.Unknown, "no job with that network payment hash"));
            return;
        }
        if (job.State != SettlerJobState.Disputed)
        {
            Respond(decision.CallId, Refused(job.State is SettlerJobState.Settled or SettlerJobState.Settling ? SettlerRefusal.Settled : SettlerRefusal.BadRequest,
                $"the job is not disputed: it is {job.State} ({job.Decision})"));
            return;
        }
        if (decision.Settle) Settle(job, SettlerDecision.OperatorSettled);
        else
        {
            job.Decision = SettlerDecision.OperatorRefunded;
            Cancel(job);
        }
        Respond(decision.CallId, new Acknowledged());
    }

    /// <summary>
    /// The job named by its network payment hash, or by its reply payment hash (what a driver knows: it does not know which
    /// of its routes the rider paid): then the reply's job whose key was revealed, if any.
    /// </summary>
    private SettlerJob? JobFor(byte[] hash)
    {
        if (_jobs.TryGetValue(Hex(hash), out var job)) return job;
        if (!_replies.TryGetValue(Hex(hash), out var record)) return null;
        return _jobs.Values.Where(j => j.Reply == record).OrderByDescending(j => j.KeyRevealed).FirstOrDefault();
    }

    private void OnDisputeStatement(string callId, DisputeStatementRequest request)
    {
        if (JobFor(request.NetworkPaymentHash) is not { } job)
        {
            Respond(callId, Refused(SettlerRefusal.Unknown, "no job with that network payment hash"));
            return;
        }
        var statement = request.Statement?.Trim() ?? "";
        if (statement.Length == 0 || statement.Length > DisputeStatementRequest.MaxLength)
        {
            Respond(callId, Refused(SettlerRefusal.BadRequest, $"a statement has 1 to {DisputeStatementRequest.MaxLength} characters"));
            return;
        }
        var signed = DisputeStatementRequest.SignedBytes(request.NetworkPaymentHash, request.Statement!);
        var bySender = job.Reply.Sender.Verify(SignatureTags.DisputeStatement, signed, request.Signature);
        if (!bySender && !job.Reply.Replier.Verify(SignatureTags.DisputeStatement, signed, request.Signature))
        {
            Respond(callId, Refused(SettlerRefusal.Unauthorized, "only the job's sender or replier may make a statement"));
            return;
        }
        if (!job.KeyRevealed || job.State is not (SettlerJobState.Locking or SettlerJobState.Disputed))
        {
            Respond(callId, job.State switch
            {
                SettlerJobState.Settled or SettlerJobState.Settling => Refused(SettlerRefusal.Settled, "the job is already settled"),
                SettlerJobState.Cancelled => Refused(SettlerRefusal.Cancelled, "the job was cancelled"),
                _ => Refused(SettlerRefusal.NotYet, "the key was not revealed yet: there is nothing to dispute"),
            });
            return;
        }
        if (bySender) job.SenderStatement = statement;
        else job.ReplierStatement = statement;
        Touch(job);
        Respond(callId, new Acknowledged());
    }

    private void OnPickupReport(string callId, PickupReportRequest request)
    {
        if (JobFor(request.NetworkPaymentHash) is not { } job)
        {
            Respond(callId, Refused(SettlerRefusal.Unknown, "no job with that network payment hash"));
            return;
        }
        if (!job.Reply.Replier.Verify(SignatureTags.PickupReport, PickupReportRequest.SignedBytes(request.NetworkPaymentHash, request.Code ?? ""), request.Signature))
        {
            Respond(callId, Refused(SettlerRefusal.Unauthorized, "only the job's replier may report its pickup"));
            return;
        }
        if (job.PickupProvenAtUnixMs is not null)
        {
            Respond(callId, new Acknowledged());
            return;
        }
        if (!job.KeyRevealed || job.State is not (SettlerJobState.Locking or SettlerJobState.Disputed))
        {
            Respond(callId, job.State == SettlerJobState.Cancelled
                ? Refused(SettlerRefusal.Cancelled, "the job was cancelled")
                : Refused(SettlerRefusal.NotYet, "the sender has no pickup code yet (the key was not revealed)"));
            return;
        }
        if (job.PickupAttempts >= Policy.MaxPickupAttempts)
        {
            Respond(callId, Refused(SettlerRefusal.Unauthorized, $"{Policy.MaxPickupAttempts} wrong pickup codes were reported; no more are taken"));
            return;
        }
        if (!PickupCode.Matches(job.NetworkPreimage, request.Code ?? ""))
        {
            job.PickupAttempts++;
            Touch(job);
            Respond(callId, Refused(SettlerRefusal.BadRequest, $"wrong pickup code ({Policy.MaxPickupAttempts - job.PickupAttempts} attempts left)"));
            return;
        }
        job.PickupProvenAtUnixMs = _now;
        Touch(job);
        Respond(callId, new Acknowledged());
    }
}
