using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Hosting;

/// <summary>
/// Every request this node sent, job it took and reply it routed, with its state, folded from the node's events as they
/// happen (kept in memory: a restart starts an empty book). Sender states: requested, offers, paid, revealed, done,
/// disputed, settled, refunded, failed. Worker: replied, settled, refunded. Middleman: routed, settled, refunded.
/// </summary>
public sealed class JobBook
{
    public const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, JobEntry> _jobs = [];
    private readonly Dictionary<string, Offer> _offers = [];
    private readonly Dictionary<string, (JobEntry Job, bool Main)> _byHash = [];

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

    /// <param name="replierJobs">The engine's taken jobs now (read only for a <see cref="ReplySent"/>).</param>
    internal void Observe(NodeEvent nodeEvent, long atUnixMs, Func<IReadOnlyList<ReplierJobState>> replierJobs)
    {
        lock (_gate)
        {
            switch (nodeEvent)
            {
                case BroadcastStarted b:
                    Add(new JobEntry { Id = b.PayloadId, Role = "sender", State = "requested", CreatedAtUnixMs = atUnixMs }, atUnixMs);
                    break;
                case OfferReceived o when Sender(o.Offer.PayloadId) is { } job:
                    _offers[o.Offer.OfferId] = o.Offer;
                    job.OfferIds.Add(o.Offer.OfferId);
                    job.Offers++;
                    if (job.State == "requested") Move(job, "offers", atUnixMs);
                    break;
                case OfferPaid p when _offers.TryGetValue(p.OfferId, out var offer) && Sender(offer.PayloadId) is { } job:
                    job.OfferId = offer.OfferId;
                    job.PriceMsat = offer.PriceMsat;
                    job.NetworkMsat = offer.NetworkAmountMsat;
                    Index(Hex(offer.NetworkPaymentHash), job, false);
                    Index(Hex(offer.ReplyPaymentHash), job, true);
                    Move(job, "paid", atUnixMs);
                    break;
                case ContactRevealed c when Sender(c.PayloadId) is { } job:
                    job.Contact = c.Contact;
                    Move(job, "revealed", atUnixMs);
                    break;
                case JobReported j when Sender(j.PayloadId) is { } job:
                    if (job.State is not ("settled" or "refunded")) Move(job, j.Outcome == JobOutcome.Done ? "done" : "disputed", atUnixMs);
                    break;
                case ReplySent r:
                    OnReplySent(r, atUnixMs, replierJobs());
                    break;
                case ReplyRouted r when !_byHash.ContainsKey(Hex(r.NetworkPaymentHash)):
                    var routed = new JobEntry { Id = Hex(r.NetworkPaymentHash), Role = "middleman", State = "routed", FeeMsat = r.FeeMsat, NetworkMsat = r.AmountMsat, CreatedAtUnixMs = atUnixMs };
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
        var job = new JobEntry { Id = sent.PayloadId, Role = "worker", State = "replied", CreatedAtUnixMs = atUnixMs };
        if (replierJobs.FirstOrDefault(j => j.PayloadId == sent.PayloadId) is { } taken)
        {
            job.PriceMsat = taken.PriceMsat;
            Index(Hex(taken.ReplyPaymentHash), job, true);
        }
        var network = Hex(sent.NetworkPaymentHash);
        if (_byHash.TryGetValue(network, out var routed) && routed.Job.Role == "middleman")
        {
            job.FeeMsat = routed.Job.FeeMsat;
            _jobs.Remove("middleman:" + network);
        }
        Index(network, job, false);
        Add(job, atUnixMs);
    }

    /// <summary>
    /// A payment of the job settled or came back: a sender's job is settled (or refunded) once both of its payments are; a
    /// payment that comes back before the contact was revealed makes it failed, with the reason.
    /// </summary>
    private static void Resolve(JobEntry job, bool main, bool settled, string? reason, long atUnixMs)
    {
        if (settled) job.Settled |= main ? 1 : 2;
        else job.Returned |= main ? 1 : 2;
        if (!settled && reason is not null) job.Reason ??= reason;
        var all = job.Role == "middleman" ? 1 : 3;
        var both = job.Settled | job.Returned;
        if (job.Role == "sender" && !settled && job.State is "paid" or "offers") Move(job, "failed", atUnixMs);
        else if (job.Role == "worker" && main) Move(job, settled ? "settled" : "refunded", atUnixMs);
        else if (job.Role == "middleman") Move(job, settled ? "settled" : "refunded", atUnixMs);
        if (job.Role == "sender" && both == all && job.State != "failed") Move(job, job.Settled == all ? "settled" : "refunded", atUnixMs);
        else job.UpdatedAtUnixMs = atUnixMs;
    }

    private JobEntry? Sender(string payloadId) => _jobs.TryGetValue("sender:" + payloadId, out var job) ? job : null;

    private void Add(JobEntry job, long atUnixMs)
    {
        job.UpdatedAtUnixMs = atUnixMs;
        _jobs[job.Role + ":" + job.Id] = job;
        if (_jobs.Count <= Capacity) return;
        var oldest = _jobs.OrderBy(j => j.Value.UpdatedAtUnixMs).First();
        _jobs.Remove(oldest.Key);
        foreach (var offerId in oldest.Value.OfferIds) _offers.Remove(offerId);
        foreach (var hash in oldest.Value.Hashes) _byHash.Remove(hash);
    }

    private void Index(string hash, JobEntry job, bool main)
    {
        _byHash[hash] = (job, main);
        job.Hashes.Add(hash);
    }

    private static void Move(JobEntry job, string state, long atUnixMs)
    {
        job.State = state;
        job.UpdatedAtUnixMs = atUnixMs;
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
    internal List<string> Hashes { get; } = [];

    internal JobEntry Copy() => (JobEntry)MemberwiseClone();
}
