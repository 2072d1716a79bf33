using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Node.Web;

/// <summary>Builds the rider's and the driver's views from the node's event log and the engine's offers.</summary>
internal static class RideViews
{
    public static async Task<RidesView> RidesAsync(NodeHost host, long balanceMsat, CancellationToken cancellationToken)
    {
        var events = host.Events.Since(0);
        var requests = events.Where(e => e.Event is BroadcastStarted).ToList();
        var offers = await host.QueryAsync(engine => requests.ToDictionary(
            r => ((BroadcastStarted)r.Event).PayloadId,
            r => (All: NodeEngine.Rank(engine.OffersFor(((BroadcastStarted)r.Event).PayloadId)).ToList(), Accepted: engine.AcceptedOffer(((BroadcastStarted)r.Event).PayloadId))),
            cancellationToken).ConfigureAwait(false);
        var rides = new List<RideView>();
        foreach (var started in requests.AsEnumerable().Reverse())
        {
            var id = ((BroadcastStarted)started.Event).PayloadId;
            var (all, accepted) = offers[id];
            var timeline = new List<TimelineStep> { new(At(started), "requested", "request broadcast") };
            var hashes = accepted is null ? [] : new[] { Convert.ToHexStringLower(accepted.NetworkPaymentHash), Convert.ToHexStringLower(accepted.ReplyPaymentHash) };
            var offerIds = all.Select(o => o.OfferId).ToHashSet();
            string? contact = null, outcome = null, code = null;
            long settled = 0;
            var refunded = false;
            foreach (var e in events.Where(e => e.Sequence > started.Sequence))
            {
                switch (e.Event)
                {
                    case OfferReceived o when o.Offer.PayloadId == id:
                        timeline.Add(new(At(e), "offer", $"offer {Sats(o.Offer.PriceMsat)} + network fee {Sats(o.Offer.NetworkAmountMsat)}"));
                        break;
                    case OfferPaid p when offerIds.Contains(p.OfferId):
                        timeline.Add(new(At(e), "held", "offer accepted: money held, not yet paid out"));
                        break;
                    case ContactRevealed c when c.PayloadId == id:
                        contact = c.Contact;
                        code = c.PickupCode;
                        timeline.Add(new(At(e), "contact", c.PickupCode is null
                            ? "the settler revealed the key: contact decrypted"
                            : "the settler revealed the key: contact decrypted; tell the driver your pickup code at pickup"));
                        break;
                    case JobReported j when j.PayloadId == id:
                        outcome = j.Outcome.ToString();
                        timeline.Add(new(At(e), j.Outcome == JobOutcome.Done ? "done" : "disputed", j.Outcome == JobOutcome.Done ? "you confirmed the ride" : "you disputed the ride"));
                        break;
                    case MoneySettled m when !m.Incoming && hashes.Contains(Convert.ToHexStringLower(m.PaymentHash)):
                        settled += m.AmountMsat;
                        timeline.Add(new(At(e), "settled", $"paid {Sats(m.AmountMsat)}"));
                        break;
                    case MoneyReturned r when !r.Incoming && hashes.Contains(Convert.ToHexStringLower(r.PaymentHash)):
                        refunded = true;
                        timeline.Add(new(At(e), "refunded", $"refunded: {r.Reason}"));
                        break;
                }
            }
            var held = accepted is null ? 0 : accepted.PriceMsat + accepted.NetworkAmountMsat;
            var status = refunded ? "refunded"
                : settled > 0 && settled >= held ? "settled"
                : outcome == nameof(JobOutcome.Disputed) ? "disputed"
                : outcome == nameof(JobOutcome.Done) ? "done"
                : contact is not null ? "contact"
                : accepted is not null ? "held"
                : all.Count > 0 ? "offers" : "requested";
            var views = all.Select(o => new OfferView(o.OfferId, o.PayloadId, o.PriceMsat, o.NetworkAmountMsat, o.SettlerUri, o.ReceivedAtUnixMs, accepted?.OfferId == o.OfferId)).ToList();
            rides.Add(new RideView(id, At(started), status, views, accepted?.OfferId, held, contact, outcome, settled, refunded, timeline, code));
        }
        return new RidesView(rides, balanceMsat, host.MaxGeohashPrecision, host.Events.LastSequence);
    }

    public static async Task<DriverView> DriverAsync(NodeHost host, long balanceMsat, CancellationToken cancellationToken)
    {
        var events = host.Events.Since(0);
        foreach (var taken in await host.QueryAsync(engine => engine.ExportMoneyState().ReplierJobs, cancellationToken).ConfigureAwait(false))
            if (host.WebPickupAreas.Count < JobBook.Capacity && !host.WebPickupAreas.ContainsKey(taken.PayloadId) && TaxiOf(taken.SignedRequest) is { } taxi)
                host.WebPickupAreas[taken.PayloadId] = (taxi.FromGeohash, taxi.ToGeohash);
        var book = host.Jobs.List().Where(j => j.Role == "worker").ToDictionary(j => j.Id);
        var jobs = new Dictionary<string, DriverJob>();
        var byHash = new Dictionary<string, string>();
        long other = 0;
        DriverJob JobOf(string id, RecordedEvent e) => jobs.TryGetValue(id, out var j) ? j : jobs[id] = new DriverJob(At(e));
        foreach (var e in events)
        {
            switch (e.Event)
            {
                case BroadcastReceived b when b.TakesJob && !jobs.ContainsKey(b.PayloadId):
                    JobOf(b.PayloadId, e).Timeline.Add(new(At(e), "seen", "request in your area"));
                    break;
                case ReplySent r:
                    var job = JobOf(r.PayloadId, e);
                    if (!job.Sent) job.Timeline.Add(new(At(e), "offer", "offer sent"));
                    job.Sent = true;
                    byHash[Convert.ToHexStringLower(r.NetworkPaymentHash)] = r.PayloadId;
                    break;
                case PickupReported p when jobs.TryGetValue(p.PayloadId, out var picked):
                    picked.PickupConfirmed = true;
                    picked.Timeline.Add(new(At(e), "pickup", "pickup code taken by the settler: proof of service"));
                    break;
                case StatementSubmitted s when jobs.TryGetValue(s.PayloadId, out var stated):
                    stated.StatementSent = true;
                    stated.Timeline.Add(new(At(e), "statement", "your statement reached the settler"));
                    break;
                case MoneySettled m when m.Incoming:
                    if (byHash.TryGetValue(Convert.ToHexStringLower(m.PaymentHash), out var paid))
                    {
                        jobs[paid].Timeline.Add(new(At(e), "settled", $"received {Sats(m.AmountMsat)}"));
                        jobs[paid].Earned += m.AmountMsat;
                    }
                    else other += m.AmountMsat;
                    break;
                case MoneyReturned r when r.Incoming && byHash.TryGetValue(Convert.ToHexStringLower(r.PaymentHash), out var returned):
                    jobs[returned].Timeline.Add(new(At(e), "refunded", $"payment returned to the rider: {r.Reason}"));
                    break;
            }
        }
        var views = jobs.OrderByDescending(j => j.Value.Seen).Select(j =>
        {
            var (id, job) = (j.Key, j.Value);
            var entry = book.GetValueOrDefault(id);
            var area = host.WebPickupAreas.TryGetValue(id, out var a) ? a : ((string From, string To)?)null;
            var status = entry?.State is "settled" ? "settled"
                : entry?.State is "refunded" || job.Timeline.Any(t => t.Step == "refunded") ? "refunded"
                : job.Earned > 0 ? "settled"
                : job.PickupConfirmed ? "picked up"
                : job.Sent ? "offer sent" : "seen";
            return new DriverJobView(id, job.Seen, job.Sent, job.Earned, status, job.Timeline, area?.From, area?.To, entry?.PriceMsat, job.PickupConfirmed, job.StatementSent);
        }).ToList();
        var work = host.Work is { } w ? new WorkView(w.Area, w.PriceMsat, w.Contact) : null;
        return new DriverView(work, views, views.Sum(v => v.EarnedMsat), other, balanceMsat, host.Events.LastSequence);
    }

    /// <summary>The taxi topic of a taken job's signed request, or null when it is not a taxi request.</summary>
    private static TaxiTopic? TaxiOf(byte[] signedRequest)
    {
        try
        {
            var request = RequestPayload.Parser.ParseFrom(SignedRequestPayload.Parser.ParseFrom(signedRequest).RequestPayload);
            return request.Topic?.KindCase == Topic.KindOneofCase.Taxi ? request.Topic.Taxi : null;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>What the driver's app knows of one request while folding the event log.</summary>
    private sealed class DriverJob(long seen)
    {
        public long Seen { get; } = seen;
        public bool Sent { get; set; }
        public long Earned { get; set; }
        public bool PickupConfirmed { get; set; }
        public bool StatementSent { get; set; }
        public List<TimelineStep> Timeline { get; } = [];
    }

    private static long At(RecordedEvent e) => e.At.ToUnixTimeMilliseconds();

    private static string Sats(long msat) => (msat / 1000.0).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture) + " sat";
}
