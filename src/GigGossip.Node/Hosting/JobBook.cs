using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Hosting;

/// <summary>
/// Every request this node sent, job it took and reply it routed, with its state, folded from the node's events as they
/// happen. Sender states: requested, offers, paid, revealed, done, disputed, settled, refunded, failed. Worker: replied,
/// settled, refunded. Middleman: routed, settled, refunded (see <see cref="JobStates"/>). The host saves what changed
/// (<see cref="TakeChanges"/>) in the node's state file and gives it back at start (<see cref="Restore"/>), so the book
/// outlives restarts and follows the payments of jobs that were under way.
/// </summary>
public sealed class JobBook
{
    public const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, JobEntry> _jobs = [];
    private readonly Dictionary<string, Offer> _offers = [];
    private readonly Dictionary<string, (JobEntry Job, bool Main)> _byHash = [];
    private readonly HashSet<string> _changed = [];
    private readonly HashSet<string> _removed = [];

    /// <summary>Every entry, oldest first.</summary>
    public IReadOnlyList<JobEntry> List()
    {
        lock (_gate) return [.. _jobs.Values.OrderBy(j => j.CreatedAtUnixMs).Select(j => j.Copy())];
    }

    /// <summary>The state of this node's request <paramref name="requestId"/>, or null.</summary>
    public string? StateOf(string requestId)
    {
        lock (_gate) return _jobs.TryGetValue("sender:" + requestId, out var job) ? job.State : null;
    }

    /// <summary>Puts back the lines saved before a restart (the book must be empty), with the payments they follow.</summary>
    internal void Restore(IEnumerable<JobRecord> saved)
    {
        lock (_gate)
        {
            foreach (var record in saved)
            {
                var job = record.Entry;
                job.Settled = record.Settled;
                job.Returned = record.Returned;
                _jobs[Key(job)] = job;
                foreach (var (hash, main) in record.Hashes) Index(hash, job, main);
            }
        }
    }

    /// <summary>The lines changed and the keys of those removed since the last call (what the host saves).</summary>
    internal (IReadOnlyList<JobRecord> Changed, IReadOnlyList<string> Removed) TakeChanges()
    {
        lock (_gate)
        {
            if (_changed.Count == 0 && _removed.Count == 0) return ([], []);
            var changed = _changed.Where(_jobs.ContainsKey).Select(k => _jobs[k]).Select(j => new JobRecord(Key(j), j.Copy(), j.Settled, j.Returned, j.Hashes.ToDictionary())).ToList();
            var removed = _removed.ToList();
            _changed.Clear();
            _removed.Clear();
            return (changed, removed);
        }
    }

    /// <param name="replierJobs">The engine's taken jobs now (read only for a <see cref="ReplySent"/>).</param>
    internal void Observe(NodeEvent nodeEvent, long atUnixMs, Func<IReadOnlyList<ReplierJobState>> replierJobs)
    {
        lock (_gate)
        {
            switch (nodeEvent)
            {
                case BroadcastStarted b:
                    Add(new JobEntry { Id = b.PayloadId, Role = JobStates.Sender, State = JobStates.Requested, CreatedAtUnixMs = atUnixMs }, atUnixMs);
                    break;
                case OfferReceived o when Sender(o.Offer.PayloadId) is { } job:
                    _offers[o.Offer.OfferId] = o.Offer;
                    job.OfferIds.Add(o.Offer.OfferId);
                    job.Offers++;
                    Move(job, job.State == JobStates.Requested ? JobStates.Offers : job.State, atUnixMs);
                    break;
                case OfferPaid p when _offers.TryGetValue(p.OfferId, out var offer) && Sender(offer.PayloadId) is { } job:
                    job.OfferId = offer.OfferId;
                    job.PriceMsat = offer.PriceMsat;
                    job.NetworkMsat = offer.NetworkAmountMsat;
                    Index(Hex(offer.NetworkPaymentHash), job, false);
                    Index(Hex(offer.ReplyPaymentHash), job, true);
                    Move(job, JobStates.Paid, atUnixMs);
                    break;
                case ContactRevealed c when Sender(c.PayloadId) is { } job:
                    job.Contact = c.Contact;
                    Move(job, JobStates.Revealed, atUnixMs);
                    break;
                case JobReported j when Sender(j.PayloadId) is { } job:
                    if (job.State is not (JobStates.Settled or JobStates.Refunded)) Move(job, j.Outcome == JobOutcome.Done ? JobStates.Done : JobStates.Disputed, atUnixMs);
                    break;
                case ReplySent r:
                    OnReplySent(r, atUnixMs, replierJobs());
                    break;
                case ReplyRouted r when !_byHash.ContainsKey(Hex(r.NetworkPaymentHash)):
                    var routed = new JobEntry { Id = Hex(r.NetworkPaymentHash), Role = JobStates.Middleman, State = JobStates.Routed, FeeMsat = r.FeeMsat, NetworkMsat = r.AmountMsat, CreatedAtUnixMs = atUnixMs };
                    Add(routed, atUnixMs);
                    Index(routed.Id, routed, true);
                    break;
                case MoneySettled m when _byHash.TryGetValue(Hex(m.PaymentHash), out var found):
                    Resolve(found.Job, found.Main, settled: true, null, atUnixMs);
                    break;
                case MoneyReturned m when _byHash.TryGetValue(Hex(m.PaymentHash), out var found):
                    Resolve(found.Job, found.Main, settled: false, m.Reason, atUnixMs);
                    break;
            }
        }
    }

    private void OnReplySent(ReplySent sent, long atUnixMs, IReadOnlyList<ReplierJobState> replierJobs)
    {
        var job = new JobEntry { Id = sent.PayloadId, Role = JobStates.Worker, State = JobStates.Replied, CreatedAtUnixMs = atUnixMs };
        if (replierJobs.FirstOrDefault(j => j.PayloadId == sent.PayloadId) is { } taken)
        {
            job.PriceMsat = taken.PriceMsat;
            Index(Hex(taken.ReplyPaymentHash), job, true);
        }
        var network = Hex(sent.NetworkPaymentHash);
        if (_byHash.TryGetValue(network, out var routed) && routed.Job.Role == JobStates.Middleman)
        {
            job.FeeMsat = routed.Job.FeeMsat;
            Remove(Key(routed.Job));
        }
        Index(network, job, false);
        Add(job, atUnixMs);
    }

    /// <summary>
    /// A payment of the job settled or came back: a sender's job is settled (or refunded) once both of its payments are; a
    /// payment that comes back before the contact was revealed makes it failed, with the reason.
    /// </summary>
    private void Resolve(JobEntry job, bool main, bool settled, string? reason, long atUnixMs)
    {
        if (settled) job.Settled |= main ? 1 : 2;
        else job.Returned |= main ? 1 : 2;
        if (!settled && reason is not null) job.Reason ??= reason;
        var all = job.Role == JobStates.Middleman ? 1 : 3;
        var both = job.Settled | job.Returned;
        var final = settled ? JobStates.Settled : JobStates.Refunded;
        if (job.Role == JobStates.Sender && !settled && job.State is JobStates.Paid or JobStates.Offers) Move(job, JobStates.Failed, atUnixMs);
        else if (job.Role == JobStates.Worker && main) Move(job, final, atUnixMs);
        else if (job.Role == JobStates.Middleman) Move(job, final, atUnixMs);
        if (job.Role == JobStates.Sender && both == all && job.State != JobStates.Failed) Move(job, job.Settled == all ? JobStates.Settled : JobStates.Refunded, atUnixMs);
        else Move(job, job.State, atUnixMs);
    }

    private JobEntry? Sender(string payloadId) => _jobs.TryGetValue(JobStates.Sender + ":" + payloadId, out var job) ? job : null;

    private static string Key(JobEntry job) => job.Role + ":" + job.Id;

    private void Add(JobEntry job, long atUnixMs)
    {
        _jobs[Key(job)] = job;
        Move(job, job.State, atUnixMs);
        if (_jobs.Count <= Capacity) return;
        Remove(_jobs.OrderBy(j => j.Value.UpdatedAtUnixMs).First().Key);
    }

    private void Remove(string key)
    {
        if (!_jobs.Remove(key, out var gone)) return;
        foreach (var offerId in gone.OfferIds) _offers.Remove(offerId);
        foreach (var hash in gone.Hashes.Keys.Where(h => _byHash.TryGetValue(h, out var owner) && owner.Job == gone)) _byHash.Remove(hash);
        _changed.Remove(key);
        _removed.Add(key);
    }

    private void Index(string hash, JobEntry job, bool main)
    {
        _byHash[hash] = (job, main);
        job.Hashes[hash] = main;
    }

    /// <summary>Sets the state (or keeps it) and marks the line changed, to be saved.</summary>
    private void Move(JobEntry job, string state, long atUnixMs)
    {
        job.State = state;
        job.UpdatedAtUnixMs = atUnixMs;
        var key = Key(job);
        _changed.Add(key);
        _removed.Remove(key);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>One line of the job book (see <see cref="JobBook"/>); amounts in msat.</summary>
public sealed class JobEntry
{
    public required string Id { get; init; }
    public required string Role { get; init; }
    public required string State { get; set; }
    public int Offers { get; set; }
    public string? OfferId { get; set; }
    public long? PriceMsat { get; set; }
    public long? NetworkMsat { get; set; }
    public long? FeeMsat { get; set; }
    public string? Contact { get; set; }
    public string? Reason { get; set; }
    public long CreatedAtUnixMs { get; init; }
    public long UpdatedAtUnixMs { get; set; }
    internal int Settled { get; set; }
    internal int Returned { get; set; }
    internal List<string> OfferIds { get; } = [];
    internal Dictionary<string, bool> Hashes { get; } = [];

    internal JobEntry Copy() => (JobEntry)MemberwiseClone();
}

/// <summary>A job book line as the node's state file keeps it: the entry, which of its payments settled or came back, and the payment hashes it follows (true: its main payment).</summary>
public sealed record JobRecord(string Key, JobEntry Entry, int Settled, int Returned, IReadOnlyDictionary<string, bool> Hashes);
