using GigGossip.Protocol.Engine;

namespace GigGossip.Simulation.Metrics;

/// <summary>Follows the nodes' events as they happen (nothing is kept per node) and sums up a run.</summary>
public sealed class MetricsCollector(SimulatedNetwork net)
{
    private readonly List<RequestRecord> _requests = [];
    private readonly Dictionary<string, RequestRecord> _byPayload = [];
    private readonly Dictionary<SimNode, RequestRecord> _starting = [];
    private readonly HashSet<string> _attackerPayloads = [];
    private readonly Dictionary<string, int> _routedHops = [];
    private readonly SortedDictionary<string, long> _rejections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (RequestRecord Record, OfferSeen Offer)> _offers = [];
    private readonly Dictionary<string, RequestRecord> _payments = [];
    private long _spamAccepted;

    public IReadOnlyList<RequestRecord> Requests => _requests;

    /// <summary>The next BroadcastStarted from this record's sender is its request.</summary>
    public void Begin(RequestRecord record)
    {
        _requests.Add(record);
        _starting[record.Sender] = record;
    }

    public void Observe(SimNode node, NodeEvent nodeEvent)
    {
        switch (nodeEvent)
        {
            case BroadcastStarted started when node.IsAttacker: _attackerPayloads.Add(started.PayloadId); break;
            case BroadcastStarted started when _starting.Remove(node, out var record):
                record.PayloadId = started.PayloadId;
                _byPayload[started.PayloadId] = record;
                break;
            case BroadcastReceived received when !node.IsAttacker:
                if (_attackerPayloads.Contains(received.PayloadId)) _spamAccepted++;
                else if (_byPayload.TryGetValue(received.PayloadId, out var reached))
                {
                    reached.NodesReached.Add(node.Index);
                    if (received.TakesJob && reached.EligibleWorkers.Contains(node.Index)) reached.Reached.Add(node.Index);
                }
                break;
            case OfferReceived offer when _byPayload.TryGetValue(offer.Offer.PayloadId, out var offered):
                var seen = new OfferSeen(offer.Offer.OfferId, Convert.ToHexStringLower(offer.Offer.NetworkPaymentHash),
                    Convert.ToHexStringLower(offer.Offer.ReplyPaymentHash), offer.Offer.RoutingFeesMsat, offer.Offer.ReceivedAtUnixMs);
                offered.Offers.Add(seen);
                _offers[seen.OfferId] = (offered, seen);
                break;
            case OfferPaid paid when _offers.TryGetValue(paid.OfferId, out var chosen):
                chosen.Record.Paid = chosen.Offer;
                _payments[chosen.Offer.NetworkPaymentHash] = chosen.Record;
                _payments[chosen.Offer.ReplyPaymentHash] = chosen.Record;
                break;
            case ContactRevealed revealed when _byPayload.TryGetValue(revealed.PayloadId, out var done): done.ContactRevealed = true; break;
            case MoneySettled { Incoming: false } settled when _payments.TryGetValue(Convert.ToHexStringLower(settled.PaymentHash), out var settledRecord):
                settledRecord.SettledPayments++;
                break;
            case ReplyRouted routed:
                var hash = Convert.ToHexStringLower(routed.NetworkPaymentHash);
                _routedHops[hash] = _routedHops.GetValueOrDefault(hash) + 1;
                break;
            case FrameRejected rejected when !node.IsAttacker:
                var reason = rejected.Reason.ToString();
                _rejections[reason] = _rejections.GetValueOrDefault(reason) + 1;
                break;
        }
    }

    public SimulationSummary Summarise(Scenarios.SimulationOptions o, int attackers, int workers, long startUnixMs, long totalMsat, long heldMsat, bool moneyConserved)
    {
        var honest = net.Nodes.Where(n => !n.IsAttacker).ToList();
        var withOffers = _requests.Where(r => r.Offers.Count > 0).ToList();
        var paidHops = _requests.Select(PaidRouteHops).OfType<int>().ToList();
        var flashAt = o.Requests / 2;
        return new SimulationSummary
        {
            Nodes = net.Nodes.Count,
            Topology = o.Topology.ToString(),
            Degree = o.Degree,
            Attack = o.Attack.ToString(),
            Fraction = o.Fraction,
            Seed = o.Seed,
            Requests = o.Requests,
            Workers = workers,
            Attackers = attackers,
            Fanout = o.Fanout,
            Multibroadcast = o.Multibroadcast,
            PowBits = o.PowBits,
            Delivery = Round(_requests.Average(r => r.Delivery)),
            DeliveryMin = Round(_requests.Min(r => r.Delivery)),
            Reach = Round(_requests.Average(r => (double)r.NodesReached.Count / Math.Max(1, honest.Count - 1))),
            VictimDelivery = o.Attack == Scenarios.AttackKind.Censorship ? Round(MeanDelivery(_requests.Where(r => r.FromVictim))) : null,
            OthersDelivery = o.Attack == Scenarios.AttackKind.Censorship ? Round(MeanDelivery(_requests.Where(r => !r.FromVictim))) : null,
            DeliveryBeforeFlash = o.Attack == Scenarios.AttackKind.CovertFlash ? Round(MeanDelivery(_requests.Where(r => r.Number < flashAt))) : null,
            DeliveryAfterFlash = o.Attack == Scenarios.AttackKind.CovertFlash ? Round(MeanDelivery(_requests.Where(r => r.Number >= flashAt))) : null,
            OffersPerRequest = Round(_requests.Average(r => r.Offers.Count)),
            DistinctWorkersPerRequest = Round(_requests.Average(r => r.Offers.Select(x => x.ReplyPaymentHash).Distinct().Count())),
            RequestsWithOffers = withOffers.Count,
            TimeToFirstOfferMs = withOffers.Count == 0 ? null : Round(withOffers.Average(r => r.Offers.Min(x => x.ReceivedAtUnixMs) - r.StartedAtUnixMs)),
            CheapestNetworkFeeMsat = withOffers.Count == 0 ? null : Round(withOffers.Average(r => r.Offers.Min(x => x.RoutingFeesMsat))),
            HopsOfPaidRoute = paidHops.Count == 0 ? null : Round(paidHops.Average()),
            RidesCompleted = _requests.Count(r => r.ContactRevealed && r.SettledPayments >= 2),
            MessagesPerNode = Round((double)honest.Sum(n => n.FramesSent) / honest.Count),
            BytesPerNode = Round((double)honest.Sum(n => n.BytesSent) / honest.Count),
            HonestPowSeconds = Round(honest.Sum(n => n.PowTries) / net.HashRatePerSecond),
            AttackerPowSeconds = Round(net.Nodes.Where(n => n.IsAttacker).Sum(n => n.PowTries) / net.HashRatePerSecond),
            SpamRequests = _attackerPayloads.Count,
            SpamAccepted = _spamAccepted,
            Rejections = _rejections,
            ChurnDepartures = net.ChurnDepartures,
            Events = net.Scheduler.EventsRun,
            VirtualSeconds = Round((net.Now - startUnixMs) / 1000.0),
            TotalMsat = totalMsat,
            HeldMsatAtEnd = heldMsat,
            MoneyConserved = moneyConserved,
        };
    }

    /// <summary>Middlemen on the route the sender paid: the nodes that routed a reply on its network payment hash.</summary>
    private int? PaidRouteHops(RequestRecord record) =>
        record.Paid is { } paid ? _routedHops.GetValueOrDefault(paid.NetworkPaymentHash) : null;

    private static double MeanDelivery(IEnumerable<RequestRecord> records)
    {
        var list = records.ToList();
        return list.Count == 0 ? 0 : list.Average(r => r.Delivery);
    }

    private static double Round(double value) => Math.Round(value, 4);
}
