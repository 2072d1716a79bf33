using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Demo;

/// <summary>
/// The whole ride on the in-memory harness, in virtual time: a settler, a ledger, a random connected
/// graph of nodes (some of them taxi drivers), a rider in Sydney requesting a ride, offers over several
/// routes, the best one paid, the contact revealed, the ride done and everyone paid.
/// </summary>
public static class InMemoryRideDemo
{
    public const string SydneyGeohash = SydneyTopics.FromGeohash;
    public const long RiderFundingMsat = 100_000_000;
    public const string SettlerUri = "https://settler.demo";

    public static DemoReport Run(int nodes, int drivers, int seed, Action<DemoPhase>? onPhase = null)
    {
        if (nodes < 3) throw new ArgumentOutOfRangeException(nameof(nodes), "a ride needs at least 3 nodes");
        if (drivers < 1 || drivers >= nodes) throw new ArgumentOutOfRangeException(nameof(drivers), "drivers must be between 1 and nodes - 1");

        using var net = new SimulatedNetwork(seed);
        var settler = net.AddSettler(SettlerUri);
        var driverSlots = Enumerable.Range(1, nodes - 1).OrderBy(_ => net.Random.Next()).Take(drivers).ToHashSet();
        var policy = new NodePolicy { Fanout = 3, Multibroadcast = 2 };
        var rider = net.AddNode(settler, policy, fundingMsat: RiderFundingMsat);
        var driverNumber = 0;
        for (var i = 1; i < nodes; i++)
        {
            var isDriver = driverSlots.Contains(i);
            var fee = 1_000 + net.Random.Next(10) * 500;
            net.AddNode(settler, policy with { RoutingFeeMsat = fee },
                worker: isDriver ? Driver(20_000_000 + net.Random.Next(20) * 1_000_000, $"driver {++driverNumber}: +61 4{net.Random.Next(10_000_000, 99_999_999)}") : null,
                properties: isDriver ? new Dictionary<string, byte[]> { ["driving_licence"] = [1] } : null);
        }
        net.Connect(Topology.RandomConnected(nodes, 4, net.Random));
        var totalBefore = net.TotalMoneyMsat();
        var start = net.Now;
        var phases = new List<DemoPhase>();
        void Phase(string name)
        {
            var phase = new DemoPhase(name, net.Now - start);
            phases.Add(phase);
            onPhase?.Invoke(phase);
        }

        Phase($"rider requests a ride from {SydneyGeohash}");
        net.Do(rider, new BroadcastTopic(SydneyTopics.Ride(net.Now), net.Now + 5_000));
        var payloadId = rider.EventsOf<BroadcastStarted>().Single().PayloadId;
        RunUntil(net, () => rider.EventsOf<OfferReceived>().Any(), 5_000);
        Phase("first offer arrives");
        RunUntil(net, () => rider.EventsOf<OffersCollected>().Any(), 10_000);
        var offers = rider.EventsOf<OffersCollected>().SingleOrDefault()?.Offers ?? [];
        Phase($"{offers.Count} offers collected; best one paid, money locked");
        RunUntil(net, () => rider.EventsOf<ContactRevealed>().Any(), 60_000);
        var revealed = rider.EventsOf<ContactRevealed>().SingleOrDefault();
        if (revealed is not null)
        {
            Phase("settler reveals the key: contact decrypted");
            net.Do(rider, new ReportJobDone(payloadId));
            RunUntil(net, () => rider.EventsOf<MoneySettled>().Count() >= 2, 60_000);
            Phase("ride done: every invoice settled");
        }
        net.RunFor(1_000);

        var chosen = revealed is null ? null : offers.Single(o => o.OfferId == revealed.OfferId);
        var audit = net.Ledger.Audit();
        var totalAfter = net.TotalMoneyMsat();
        return new DemoReport(seed, nodes, drivers, phases,
            [.. offers.Select(o => new DemoOffer(DriverOf(net, o), o.PriceMsat, o.NetworkAmountMsat, o == chosen))],
            chosen is null ? [] : Route(net, chosen),
            Balances(net, settler, rider, driverSlots),
            revealed?.Contact,
            Completed: revealed is not null && rider.EventsOf<MoneySettled>().Count() >= 2,
            LedgerBalanced: audit.Balanced && totalAfter == totalBefore && audit.Totals.HeldMsat == 0,
            totalBefore, totalAfter,
            JobState: chosen is null ? null : settler.Engine.Export().Jobs.Where(j => j.NetworkPaymentHash.AsSpan().SequenceEqual(chosen.NetworkPaymentHash))
                .Select(j => $"{j.State} ({j.Terms?.Decision})").FirstOrDefault(),
            PickupCode: revealed?.PickupCode);
    }

    private static WorkerPolicy Driver(long priceMsat, string contact) =>
        new(topic => topic.KindCase == Topic.KindOneofCase.Taxi, priceMsat, SettlerUri, contact);

    private static void RunUntil(SimulatedNetwork net, Func<bool> done, long maxMs)
    {
        var end = net.Now + maxMs;
        while (!done() && net.Now < end) net.RunFor(100);
    }

    private static string DriverOf(SimulatedNetwork net, Offer offer) =>
        net.Nodes.FirstOrDefault(n => n.EventsOf<ReplySent>().Any(r => r.NetworkPaymentHash.AsSpan().SequenceEqual(offer.NetworkPaymentHash)))?.Name ?? "?";

    private static List<DemoHop> Route(SimulatedNetwork net, Offer chosen)
    {
        var hops = net.EventLog
            .Where(e => e.Event is ReplyRouted r && r.NetworkPaymentHash.AsSpan().SequenceEqual(chosen.NetworkPaymentHash))
            .OrderByDescending(e => e.At)
            .Select(e => new DemoHop(e.Node.Name, "middleman", ((ReplyRouted)e.Event).FeeMsat))
            .ToList();
        var driver = net.Nodes.First(n => n.Name == DriverOf(net, chosen));
        hops.Add(new DemoHop(driver.Name, "driver", chosen.RoutingFeesMsat - hops.Sum(h => h.FeeMsat)));
        hops.Add(new DemoHop(SettlerUri, "settler", chosen.SettlerAmountMsat));
        return hops;
    }

    private static List<DemoBalance> Balances(SimulatedNetwork net, SimSettler settler, SimNode rider, HashSet<int> driverSlots)
    {
        var balances = new List<DemoBalance> { new("rider " + rider.Name, "rider", net.Earned(rider)) };
        balances.AddRange(net.Nodes.Where(n => n != rider && net.Earned(n) != 0)
            .Select(n => new DemoBalance(n.Name, driverSlots.Contains(n.Index) ? "driver" : "middleman", net.Earned(n))));
        balances.Add(new DemoBalance(settler.Uri, "settler", net.BalanceOf(settler)));
        return balances;
    }
}
