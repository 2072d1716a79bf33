using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

namespace GigGossip.Protocol.Settlement;

/// <summary>
/// Where the settler holds and releases money: the key reveal (only when both invoices are Accepted and held long
/// enough), job reports, the end of the service window, invoice states and wallet retries. Disputes after the reveal
/// are in <c>SettlerEngine.Disputes.cs</c>.
/// </summary>
public sealed partial class SettlerEngine
{
    private void OnKeyReveal(string callId, KeyRevealRequest request)
    {
        if (request.IsVersion1)
        {
            Respond(callId, Refused(SettlerRefusal.BadRequest, $"version-1 key-reveal requests (signed over the network payment hash only) are no longer taken: sign {SignatureTags.KeyRevealRequest} with timestampUnixMs and nonce"));
            return;
        }
        if (!_jobs.TryGetValue(Hex(request.NetworkPaymentHash), out var job))
        {
            Respond(callId, Refused(SettlerRefusal.Unknown, "no job with that network payment hash"));
            return;
        }
        if (SignedBeforeRestart(request) is { } restarted)
        {
            Respond(callId, Refused(SettlerRefusal.NotYet, restarted));
            return;
        }
        if (KeyRevealProblem(job, request) is { } problem)
        {
            Respond(callId, Refused(SettlerRefusal.Unauthorized, problem));
            return;
        }
        if (job.State == SettlerJobState.Cancelled)
        {
            Respond(callId, Refused(SettlerRefusal.Cancelled, "the job was cancelled"));
            return;
        }
        if (!job.KeyRevealed)
        {
            if (!job.NetworkAccepted || !job.Reply.Accepted || job.Reply.HoldUntilUnixMs is null)
            {
                Respond(callId, Refused(SettlerRefusal.NotYet, $"network invoice accepted: {job.NetworkAccepted}, reply invoice accepted: {job.Reply.Accepted && job.Reply.HoldUntilUnixMs is not null} (as its replier states, signed)"));
                return;
            }
            if (HoldProblem(job) is { } holdProblem)
            {
                job.Decision = SettlerDecision.NotLocked;
                Cancel(job);
                Respond(callId, Refused(SettlerRefusal.HoldTooShort, holdProblem + "; the job is cancelled and every held payment goes back"));
                return;
            }
            job.KeyRevealed = true;
            Touch(job);
            _effects.Add(new SetTimer(ServiceTimerPrefix + Hex(job.NetworkPaymentHash), Math.Max(_now, job.ServiceEndUnixMs)));
        }
        Respond(callId, new KeyRevealed(job.NetworkPreimage));
    }

    /// <summary>Why the money is not really held until the job and its dispute window are over, or null when it is.</summary>
    private static string? HoldProblem(SettlerJob job)
    {
        static string When(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O") : "unknown";
        var needed = When(job.MinHoldUntilUnixMs);
        if (job.NetworkHoldUntilUnixMs is not { } network || network < job.MinHoldUntilUnixMs)
            return $"the network invoice is held until {When(job.NetworkHoldUntilUnixMs)}, but the job needs it held until {needed}";
        if (job.Reply.HoldUntilUnixMs is not { } reply || reply < job.MinHoldUntilUnixMs)
            return $"the reply invoice is held until {When(job.Reply.HoldUntilUnixMs)}, but the job needs it held until {needed}";
        return null;
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
        switch (job.State, request.Outcome)
        {
            case (SettlerJobState.Cancelled, _):
                Respond(callId, Refused(SettlerRefusal.Cancelled, "the job was cancelled"));
                return;
            case (SettlerJobState.Settled or SettlerJobState.Settling, JobOutcome.Disputed):
                Respond(callId, Refused(SettlerRefusal.Settled, $"the job is already settled ({job.Decision}); it can no longer be disputed"));
                return;
            case (SettlerJobState.Settled or SettlerJobState.Settling, JobOutcome.Done):
            case (SettlerJobState.Disputed, JobOutcome.Disputed):
                break;
            case (SettlerJobState.Disputed, JobOutcome.Done):
                Settle(job, SettlerDecision.SenderDone);
                break;
            case (SettlerJobState.Locking, JobOutcome.Done) when job.NetworkAccepted && job.Reply.Accepted:
                Settle(job, SettlerDecision.SenderDone);
                break;
            case (SettlerJobState.Locking, JobOutcome.Done):
                Respond(callId, Refused(SettlerRefusal.NotYet, "the money is not locked yet"));
                return;
            case (SettlerJobState.Locking, JobOutcome.Disputed) when !job.KeyRevealed:
                job.Decision = SettlerDecision.DisputedBeforeReveal;
                Cancel(job);
                break;
            case (SettlerJobState.Locking, JobOutcome.Disputed):
                Freeze(job);
                break;
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

    /// <summary>
    /// Settles the network invoice. Nothing is published yet: the network and reply preimages are released only
    /// when the wallet confirms the network invoice Settled (<see cref="Settled"/>), so no one is paid on half a settlement.
    /// </summary>
    private void Settle(SettlerJob job, SettlerDecision decision)
    {
        job.State = SettlerJobState.Settling;
        job.Decision = decision;
        Touch(job);
        _effects.Add(new SettleInvoice(job.NetworkPaymentHash, job.NetworkPreimage));
    }

    /// <summary>The wallet settled the network invoice: now the preimages are published and the replier can settle its invoice.</summary>
    private void Settled(SettlerJob job)
    {
        job.State = SettlerJobState.Settled;
        Touch(job);
        Touch(job.Reply);
        _published[Hex(job.NetworkPaymentHash)] = job.NetworkPreimage;
        job.Reply.Released = true;
        _published[Hex(job.Reply.PaymentHash)] = job.Reply.Preimage;
    }

    /// <summary>Cancels the network invoice (held money flows back) and never releases the reply preimage.</summary>
    private void Cancel(SettlerJob job)
    {
        job.State = SettlerJobState.Cancelled;
        if (job.Decision == SettlerDecision.None) job.Decision = SettlerDecision.NotLocked;
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
                job.NetworkHoldUntilUnixMs = changed.HoldUntilUnixMs;
                Touch(job);
                break;
            case InvoiceState.Settled when job.State != SettlerJobState.Settled: Settled(job); break;
            case InvoiceState.Cancelled when job.State is SettlerJobState.Locking or SettlerJobState.Disputed or SettlerJobState.Settling: Cancel(job); break;
        }
    }

    /// <summary>A settle or cancel did not reach the wallet: try again later, waiting twice as long each time, never giving up.</summary>
    private void OnInvoiceCallFailed(InvoiceCallFailed failed)
    {
        if (!_jobs.TryGetValue(Hex(failed.PaymentHash), out var job)) return;
        var wanted = failed.Settle ? SettlerJobState.Settling : SettlerJobState.Cancelled;
        if (job.State != wanted) return;
        var wait = Math.Min(Policy.WalletRetryMaxMs, Policy.WalletRetryMs << Math.Min(job.SettleAttempts, 20));
        job.SettleAttempts++;
        Touch(job);
        _effects.Add(new SetTimer(RetryTimerPrefix + Hex(job.NetworkPaymentHash), _now + wait));
    }

    private void OnTimer(string timerId)
    {
        var colon = timerId.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !_jobs.TryGetValue(timerId[(colon + 1)..], out var job)) return;
        switch (timerId[..(colon + 1)], job.State)
        {
            case (LockTimerPrefix, SettlerJobState.Locking) when !job.KeyRevealed: Cancel(job); break;
            case (ServiceTimerPrefix or DisputeTimerPrefix, SettlerJobState.Locking) when job.KeyRevealed: Settle(job, SettlerDecision.WindowEnded); break;
            case (DecisionTimerPrefix, SettlerJobState.Disputed): DecideByDefault(job); break;
            case (RetryTimerPrefix, SettlerJobState.Settling): _effects.Add(new SettleInvoice(job.NetworkPaymentHash, job.NetworkPreimage)); break;
            case (RetryTimerPrefix, SettlerJobState.Cancelled): _effects.Add(new CancelInvoice(job.NetworkPaymentHash)); break;
        }
    }

    private const string LockTimerPrefix = "lock:";
    /// <summary>The timer of engines before the service window: it fired a fixed time after the reveal; handled as the service timer.</summary>
    private const string DisputeTimerPrefix = "dispute:";
    private const string ServiceTimerPrefix = "service:";
    private const string DecisionTimerPrefix = "decide:";
    private const string RetryTimerPrefix = "retry:";
}
