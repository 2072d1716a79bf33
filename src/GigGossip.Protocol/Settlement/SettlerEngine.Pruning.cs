namespace GigGossip.Protocol.Settlement;

/// <summary>
/// Cheat 11: anyone can ask for reply hashes and promises, so the records they make must not pile up. A reply
/// hash never used (no promise asked for it, no reply invoice known) and a promise whose money never arrived
/// (cancelled, neither invoice ever Accepted) are forgotten <see cref="UnusedRecordLifetimeMs"/> after they were
/// made; a record that ever had money held or its key revealed is kept. Lookups use indexes, never a scan.
/// </summary>
public sealed partial class SettlerEngine
{
    private readonly Dictionary<(string PayloadId, string Replier), ReplyRecord> _replyByRequest = [];
    private readonly Dictionary<ReplyRecord, List<SettlerJob>> _jobsByReply = [];
    private readonly Queue<(long MadeAtMs, object Record)> _madeOldestFirst = new();
    private readonly HashSet<object> _known = new(ReferenceEqualityComparer.Instance);
    private readonly List<byte[]> _removedReplies = [];
    private readonly List<byte[]> _removedJobs = [];

    /// <summary>How long an unused reply hash or an unpaid promise is kept (default an hour: well past any lock timeout).</summary>
    public long UnusedRecordLifetimeMs { get; set; } = 3_600_000;

    /// <summary>Replies and jobs held now (tests measure these under a flood).</summary>
    public (int Replies, int Jobs) RecordCount => (_replies.Count, _jobs.Count);

    /// <summary>The reply a replier was given for a request, found by index.</summary>
    private ReplyRecord? ReplyFor(string payloadId, Crypto.PublicKey replier) =>
        _replyByRequest.GetValueOrDefault((payloadId, replier.ToHex()));

    /// <summary>The jobs (promises) made on a reply, found by index.</summary>
    private IReadOnlyList<SettlerJob> JobsOf(ReplyRecord reply) => _jobsByReply.TryGetValue(reply, out var jobs) ? jobs : [];

    /// <summary>Indexes a record the first time it is seen (made or restored) and notes when, for its expiry.</summary>
    private void Index(ReplyRecord record)
    {
        if (!_known.Add(record)) return;
        _replyByRequest[(record.PayloadId, record.Replier.ToHex())] = record;
        _madeOldestFirst.Enqueue((_now, record));
    }

    private void Index(SettlerJob job)
    {
        if (!_known.Add(job)) return;
        Index(job.Reply);
        if (!_jobsByReply.TryGetValue(job.Reply, out var jobs)) _jobsByReply[job.Reply] = jobs = [];
        jobs.Add(job);
        _madeOldestFirst.Enqueue((_now, job));
    }

    private void Reindex()
    {
        foreach (var reply in _replies.Values) Index(reply);
        foreach (var job in _jobs.Values) Index(job);
    }

    /// <summary>Forgets the unused records made more than <see cref="UnusedRecordLifetimeMs"/> ago (amortised: each record is looked at once).</summary>
    private void PruneUnused()
    {
        while (_madeOldestFirst.TryPeek(out var oldest) && oldest.MadeAtMs + UnusedRecordLifetimeMs <= _now)
        {
            _madeOldestFirst.Dequeue();
            switch (oldest.Record)
            {
                case SettlerJob job when Unpaid(job): Forget(job); break;
                case SettlerJob { State: SettlerJobState.Locking } job: _madeOldestFirst.Enqueue((_now, job)); break;
                case ReplyRecord reply when Unused(reply): Forget(reply); break;
                case ReplyRecord reply when !_replies.ContainsKey(Hex(reply.PaymentHash)): _known.Remove(reply); break;
            }
        }
    }

    /// <summary>A promise whose money never arrived: cancelled, neither invoice Accepted, the key never revealed.</summary>
    private static bool Unpaid(SettlerJob job) =>
        job.State == SettlerJobState.Cancelled && !job.NetworkAccepted && !job.KeyRevealed && !job.Reply.Accepted && !job.Reply.Released;

    /// <summary>A reply hash no live promise uses and no money ever reached.</summary>
    private bool Unused(ReplyRecord reply) =>
        !reply.Accepted && !reply.Released && JobsOf(reply).Count == 0 && _replies.ContainsKey(Hex(reply.PaymentHash));

    private void Forget(SettlerJob job)
    {
        var hash = Hex(job.NetworkPaymentHash);
        _jobs.Remove(hash);
        _published.Remove(hash);
        _known.Remove(job);
        _changedJobs.Remove(job);
        _removedJobs.Add(job.NetworkPaymentHash);
        if (_jobsByReply.TryGetValue(job.Reply, out var jobs))
        {
            jobs.Remove(job);
            if (jobs.Count == 0)
            {
                _jobsByReply.Remove(job.Reply);
                if (Unused(job.Reply)) Forget(job.Reply);
            }
        }
    }

    private void Forget(ReplyRecord reply)
    {
        var hash = Hex(reply.PaymentHash);
        _replies.Remove(hash);
        _published.Remove(hash);
        _known.Remove(reply);
        _changedReplies.Remove(reply);
        _removedReplies.Add(reply.PaymentHash);
        var key = (reply.PayloadId, reply.Replier.ToHex());
        if (_replyByRequest.TryGetValue(key, out var indexed) && indexed == reply) _replyByRequest.Remove(key);
    }

    /// <summary>The records forgotten since the last call: a host deletes them with the other changes.</summary>
    private (IReadOnlyList<byte[]> Replies, IReadOnlyList<byte[]> Jobs) TakeRemovals()
    {
        var removed = ((IReadOnlyList<byte[]>)[.. _removedReplies], (IReadOnlyList<byte[]>)[.. _removedJobs]);
        _removedReplies.Clear();
        _removedJobs.Clear();
        return removed;
    }
}
