namespace GigGossip.Protocol.Settlement;

/// <summary>The settler's state as records, so a host can save every change and load it after a restart.</summary>
public sealed partial class SettlerEngine
{
    private readonly HashSet<ReplyRecord> _changedReplies = [];
    private readonly HashSet<SettlerJob> _changedJobs = [];

    /// <summary>Every reply and job.</summary>
    public SettlerEngineState Export() => new([.. _replies.Values.Select(ToRecord)], [.. _jobs.Values.Select(ToRecord)]);

    /// <summary>The replies and jobs changed since the last call: a host saves them before it carries out the effects.</summary>
    public SettlerEngineState TakeChanges()
    {
        var (removedReplies, removedJobs) = TakeRemovals();
        var changes = new SettlerEngineState([.. _changedReplies.Select(ToRecord)], [.. _changedJobs.Select(ToRecord)])
        {
            RemovedReplies = removedReplies,
            RemovedJobs = removedJobs,
        };
        _changedReplies.Clear();
        _changedJobs.Clear();
        return changes;
    }

    /// <summary>
    /// Loads saved replies and jobs into a new engine at <paramref name="nowUnixMs"/>; published preimages follow from their
    /// states. A restored record's unused lifetime counts from the restart (when it was made is not saved), so a restart
    /// never forgets a reply hash handed out a moment before it.
    /// </summary>
    public void Restore(SettlerEngineState state, long nowUnixMs)
    {
        if (_replies.Count > 0 || _jobs.Count > 0) throw new InvalidOperationException("restore into a new engine only");
        _now = nowUnixMs;
        if (state.Jobs.Count > 0) MarkRestored();
        foreach (var saved in state.Replies)
        {
            var record = new ReplyRecord(saved.Preimage, saved.Replier, saved.Sender, saved.PayloadId)
            {
                ReplyInvoice = saved.ReplyInvoice,
                Accepted = saved.Accepted,
                Released = saved.Released,
                Cancelled = saved.Cancelled,
            };
            _replies[Hex(record.PaymentHash)] = record;
            if (record.Released) _published[Hex(record.PaymentHash)] = record.Preimage;
        }
        foreach (var saved in state.Jobs)
        {
            if (!_replies.TryGetValue(Hex(saved.ReplyPaymentHash), out var reply))
                throw new ArgumentException($"job {Hex(saved.NetworkPaymentHash)} names reply {Hex(saved.ReplyPaymentHash)}, which is not among the replies", nameof(state));
            var job = new SettlerJob(saved.NetworkPreimage, reply) { NetworkAccepted = saved.NetworkAccepted, KeyRevealed = saved.KeyRevealed, State = saved.State };
            if (saved.Terms is { } terms)
            {
                job.ServiceEndUnixMs = terms.ServiceEndUnixMs;
                job.MinHoldUntilUnixMs = terms.MinHoldUntilUnixMs;
                job.NetworkHoldUntilUnixMs = terms.NetworkHoldUntilUnixMs;
                reply.HoldUntilUnixMs ??= terms.ReplyHoldUntilUnixMs;
                job.DisputedAtUnixMs = terms.DisputedAtUnixMs;
                job.DefaultDecisionAtUnixMs = terms.DefaultDecisionAtUnixMs;
                job.SenderStatement = terms.SenderStatement;
                job.ReplierStatement = terms.ReplierStatement;
                job.PickupProvenAtUnixMs = terms.PickupProvenAtUnixMs;
                job.PickupAttempts = terms.PickupAttempts;
                job.SettleAttempts = terms.SettleAttempts;
                job.Decision = terms.Decision;
            }
            _jobs[Hex(job.NetworkPaymentHash)] = job;
            if (job.State == SettlerJobState.Settled) _published[Hex(job.NetworkPaymentHash)] = job.NetworkPreimage;
        }
        Reindex();
    }

    private void Touch(ReplyRecord record)
    {
        Index(record);
        _changedReplies.Add(record);
    }

    private void Touch(SettlerJob job)
    {
        Index(job);
        _changedJobs.Add(job);
    }

    private static SettlerReplyRecord ToRecord(ReplyRecord r) =>
        new(r.Preimage, r.Replier, r.Sender, r.PayloadId, r.ReplyInvoice, r.Accepted, r.Released, r.Cancelled);

    private static SettlerJobRecord ToRecord(SettlerJob j) =>
        new(j.NetworkPreimage, j.Reply.PaymentHash, j.NetworkAccepted, j.KeyRevealed, j.State, new SettlerJobTerms(
            j.ServiceEndUnixMs, j.MinHoldUntilUnixMs, j.NetworkHoldUntilUnixMs, j.Reply.HoldUntilUnixMs, j.DisputedAtUnixMs, j.DefaultDecisionAtUnixMs,
            j.SenderStatement, j.ReplierStatement, j.PickupProvenAtUnixMs, j.PickupAttempts, j.SettleAttempts, j.Decision));
}
