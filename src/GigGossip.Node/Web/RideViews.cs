using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;

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
            string? contact = null, outcome = null;
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
                        timeline.Add(new(At(e), "contact", "the settler revealed the key: contact decrypted"));
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
            rides.Add(new RideView(id, At(started), status, views, accepted?.OfferId, held, contact, outcome, settled, refunded, timeline));
        }
        return new RidesView(rides, balanceMsat, host.MaxGeohashPrecision, host.Events.LastSequence);
    }

    public static DriverView Driver(NodeHost host, long balanceMsat)
    {
        var events = host.Events.Since(0);
        var jobs = new Dictionary<string, (long Seen, bool Sent, long Earned, List<TimelineStep> Timeline)>();
        var byHash = new Dictionary<string, string>();
        long other = 0;
        foreach (var e in events)
        {
            switch (e.Event)
            {
                case BroadcastReceived b when b.TakesJob && !jobs.ContainsKey(b.PayloadId):
                    jobs[b.PayloadId] = (At(e), false, 0, [new(At(e), "seen", "request in your area")]);
                    break;
                case ReplySent r:
                    var job = jobs.TryGetValue(r.PayloadId, out var j) ? j : (At(e), false, 0, new List<TimelineStep>());
                    if (!job.Sent) job.Timeline.Add(new(At(e), "offer", "offer sent"));
                    jobs[r.PayloadId] = job with { Sent = true };
                    byHash[Convert.ToHexStringLower(r.NetworkPaymentHash)] = r.PayloadId;
                    break;
                case MoneySettled m when m.Incoming:
                    if (byHash.TryGetValue(Convert.ToHexStringLower(m.PaymentHash), out var paid))
                    {
                        var earned = jobs[paid];
                        earned.Timeline.Add(new(At(e), "settled", $"received {Sats(m.AmountMsat)}"));
                        jobs[paid] = earned with { Earned = earned.Earned + m.AmountMsat };
                    }
                    else other += m.AmountMsat;
                    break;
                case MoneyReturned r when r.Incoming && byHash.TryGetValue(Convert.ToHexStringLower(r.PaymentHash), out var returned):
                    jobs[returned].Timeline.Add(new(At(e), "refunded", $"payment returned to the rider: {r.Reason}"));
                    break;
            }
        }
        var views = jobs.OrderByDescending(j => j.Value.Seen).Select(j => new DriverJobView(j.Key, j.Value.Seen, j.Value.Sent, j.Value.Earned,
            j.Value.Earned > 0 ? "settled" : j.Value.Timeline.Any(t => t.Step == "refunded") ? "refunded" : j.Value.Sent ? "offer sent" : "seen", j.Value.Timeline)).ToList();
        var work = host.Work is { } w ? new WorkView(w.Area, w.PriceMsat, w.Contact) : null;
        return new DriverView(work, views, views.Sum(v => v.EarnedMsat), other, balanceMsat, host.Events.LastSequence);
    }

    private static long At(RecordedEvent e) => e.At.ToUnixTimeMilliseconds();

    private static string Sats(long msat) => (msat / 1000.0).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture) + " sat";
}
