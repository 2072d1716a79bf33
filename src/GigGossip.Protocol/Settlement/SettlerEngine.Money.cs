using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

namespace GigGossip.Protocol.Settlement;

/// <summary>Where the settler holds and releases money: key reveal, job reports, timers, invoice states.</summary>
public sealed partial class SettlerEngine
{
    private void OnKeyReveal(string callId, KeyRevealRequest request)
    {
        if (!_jobs.TryGetValue(Hex(request.NetworkPaymentHash), out var job))
        {
            Respond(callId, Refused(SettlerRefusal.Unknown, "no job with that network payment hash"));
            return;
        }
        if (!job.Reply.Sender.Verify(SignatureTags.KeyRevealRequest, KeyRevealRequest.SignedBytes(request.NetworkPaymentHash), request.Signature))
        {
            Respond(callId, Refused(SettlerRefusal.Unauthorized, "only the job's sender may ask for its key"));
            return;
        }
        if (job.State == SettlerJobState.Cancelled)
        {
            Respond(callId, Refused(SettlerRefusal.Cancelled, "the job was cancelled"));
            return;
        }
        if (!job.NetworkAccepted || !job.Reply.Accepted)
        {
            Respond(callId, Refused(SettlerRefusal.NotYet, $"network invoice accepted: {job.NetworkAccepted}, reply invoice accepted: {job.Reply.Accepted}"));
            return;
        }
        if (!job.KeyRevealed)
        {
            job.KeyRevealed = true;
            Touch(job);
            _effects.Add(new SetTimer(DisputeTimerPrefix + Hex(job.NetworkPaymentHash), _now + Policy.DisputeWindowMs));
        }
        Respond(callId, new KeyRevealed(job.NetworkPreimage));
    }

    private void OnJobReport(string callId, JobReportRequest request)
    {
        if (!_jobs.TryGetValue(Hex(request.NetworkPaymentHash), out var job))
        {
            Respond(callId, Refused(SettlerRefusal.Unknown, "no job with that network payment hash"));
            return;
        }
        if (!job.Reply.Sender.Verify(SignatureTags.JobReport, JobReportRequest.SignedBytes(request.NetworkPaymentHash, request.Outcome), request.Signature))
        {
            Respond(callId, Refused(SettlerRefusal.Unauthorized, "only the job's sender may report it"));
            return;
        }
        if (job.State != SettlerJobState.Locking)
        {
            Respond(callId, job.State == SettlerJobState.Cancelled ? Refused(SettlerRefusal.Cancelled, "the job was cancelled") : new Acknowledged());
            return;
        }
        switch (request.Outcome)
        {
            case JobOutcome.Done when job.NetworkAccepted && job.Reply.Accepted: Settle(job); break;
            case JobOutcome.Done:
                Respond(callId, Refused(SettlerRefusal.NotYet, "the money is not locked yet"));
                return;
            case JobOutcome.Disputed: Cancel(job); break;
            default:
                Respond(callId, Refused(SettlerRefusal.BadRequest, $"unknown outcome {request.Outcome}"));
                return;
        }
        Respond(callId, new Acknowledged());
    }

    private void OnPreimageRequest(string callId, PreimageRequest request)
    {
        var hash = Hex(request.PaymentHash);
        if (_published.TryGetValue(hash, out var preimage)) Respond(callId, new PreimagePublished(preimage));
        else if (_replies.TryGetValue(hash, out var record) && record.Cancelled) Respond(callId, Refused(SettlerRefusal.Cancelled, "the job was cancelled"));
        else if (_jobs.TryGetValue(hash, out var job) && job.State == SettlerJobState.Cancelled) Respond(callId, Refused(SettlerRefusal.Cancelled, "the job was cancelled"));
        else if (_replies.ContainsKey(hash) || _jobs.ContainsKey(hash)) Respond(callId, Refused(SettlerRefusal.NotYet, "not settled yet"));
        else Respond(callId, Refused(SettlerRefusal.Unknown, "no such payment hash"));
    }

    /// <summary>Settles the network chain and releases the reply preimage to the replier.</summary>
    private void Settle(SettlerJob job)
    {
        job.State = SettlerJobState.Settled;
        Touch(job);
        Touch(job.Reply);
        _effects.Add(new SettleInvoice(job.NetworkPaymentHash, job.NetworkPreimage));
        _published[Hex(job.NetworkPaymentHash)] = job.NetworkPreimage;
        job.Reply.Released = true;
        _published[Hex(job.Reply.PaymentHash)] = job.Reply.Preimage;
    }

    /// <summary>Cancels the network invoice (held money flows back) and never releases the reply preimage.</summary>
    private void Cancel(SettlerJob job)
    {
        job.State = SettlerJobState.Cancelled;
        Touch(job);
        Touch(job.Reply);
        _effects.Add(new CancelInvoice(job.NetworkPaymentHash));
        if (!job.Reply.Released && (job.KeyRevealed || JobsOf(job.Reply).All(j => j.State == SettlerJobState.Cancelled)))
            job.Reply.Cancelled = true;
    }

    private void OnNetworkInvoiceChanged(IssuedInvoiceChanged changed)
    {
        if (!_jobs.TryGetValue(Hex(changed.PaymentHash), out var job)) return;
        switch (changed.State)
        {
            case InvoiceState.Accepted:
                job.NetworkAccepted = true;
                Touch(job);
                break;
            case InvoiceState.Cancelled when job.State == SettlerJobState.Locking: Cancel(job); break;
        }
    }

    private void OnReplyInvoiceChanged(WatchedInvoiceChanged changed)
    {
        if (!_replies.TryGetValue(Hex(changed.PaymentHash), out var record)) return;
        Touch(record);
        switch (changed.State)
        {
            case InvoiceState.Accepted: record.Accepted = true; break;
            case InvoiceState.Cancelled:
                record.Accepted = false;
                foreach (var job in JobsOf(record).Where(j => j.State == SettlerJobState.Locking).ToList()) Cancel(job);
                break;
        }
    }

    private void OnTimer(string timerId)
    {
        var lockTimer = timerId.StartsWith(LockTimerPrefix, StringComparison.Ordinal);
        var hash = timerId[(lockTimer ? LockTimerPrefix.Length : DisputeTimerPrefix.Length)..];
        if (!_jobs.TryGetValue(hash, out var job) || job.State != SettlerJobState.Locking) return;
        if (lockTimer && !job.KeyRevealed) Cancel(job);
        else if (!lockTimer) Settle(job);
    }
}
