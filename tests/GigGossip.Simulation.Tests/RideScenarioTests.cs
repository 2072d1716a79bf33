using GigGossip.Protocol.Engine;

namespace GigGossip.Simulation.Tests;

public class RideScenarioTests
{
    [Fact]
    public void Sender_middleman_replier_ride_is_paid_to_the_millisatoshi()
    {
        using var net = new SimulatedNetwork(seed: 1);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var middleman = net.AddNode(settler, new NodePolicy { RoutingFeeMsat = 3_000 });
        var driver = net.AddNode(settler, new NodePolicy { RoutingFeeMsat = 2_000 }, worker: World.Driver(contact: "+61 400 000 000"), properties: World.DrivingLicence);
        net.Connect(sender, middleman);
        net.Connect(middleman, driver);
        var total = net.TotalMoneyMsat();

        var payloadId = World.RequestRide(net, sender);
        net.RunFor(30_000);
        
        var revealed = Assert.Single(sender.EventsOf<ContactRevealed>());
        Assert.Equal("+61 400 000 000", revealed.Contact);
        Assert.Equal(driver.Id, revealed.Replier);
        var offer = Assert.Single(sender.EventsOf<OffersCollected>()).Offers.Single();
        Assert.Equal(1_000 + 2_000 + 3_000, offer.NetworkAmountMsat);
        Assert.Equal(World.DriverPrice, offer.PriceMsat);

        net.Do(sender, new ReportJobDone(payloadId));
        net.RunFor(30_000);

        Assert.Single(sender.EventsOf<JobReported>());
        Assert.Equal(-(World.DriverPrice + 6_000), net.Earned(sender));
        Assert.Equal(3_000, net.Earned(middleman));
        Assert.Equal(World.DriverPrice + 2_000, net.Earned(driver));
        Assert.Equal(1_000, net.BalanceOf(settler));
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
        Assert.Equal(0, middleman.Engine.OpenRoutes);
        Assert.Equal(0, driver.Engine.OpenRoutes);
    }

    [Fact]
    public void Ride_along_a_line_of_six_pays_every_middleman_its_fee()
    {
        using var net = new SimulatedNetwork(seed: 2);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var middlemen = Enumerable.Range(0, 4).Select(i => net.AddNode(settler, new NodePolicy { RoutingFeeMsat = 1_000 * (i + 1) })).ToList();
        var driver = net.AddNode(settler, new NodePolicy { RoutingFeeMsat = 500 }, worker: World.Driver(), properties: World.DrivingLicence);
        net.Connect(Topology.Line(6));
        var total = net.TotalMoneyMsat();

        var payloadId = World.RequestRide(net, sender);
        net.RunFor(30_000);
        Assert.Single(sender.EventsOf<ContactRevealed>());
        net.Do(sender, new ReportJobDone(payloadId));
        net.RunFor(30_000);

        for (var i = 0; i < middlemen.Count; i++) Assert.Equal(1_000 * (i + 1), net.Earned(middlemen[i]));
        Assert.Equal(World.DriverPrice + 500, net.Earned(driver));
        Assert.Equal(-(World.DriverPrice + 500 + 10_000 + 1_000), net.Earned(sender));
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public void Torus_of_one_hundred_with_five_drivers_gets_offers_and_pays_the_cheapest()
    {
        using var net = new SimulatedNetwork(seed: 3);
        var settler = net.AddSettler(World.SettlerUri);
        var driverSlots = new[] { 17, 33, 58, 71, 94 };
        var sender = net.AddNode(settler, new NodePolicy { Fanout = 3 }, fundingMsat: World.SenderFunding);
        for (var i = 1; i < 100; i++)
        {
            var slot = Array.IndexOf(driverSlots, i);
            net.AddNode(settler, new NodePolicy { Fanout = 3 },
                worker: slot >= 0 ? World.Driver(price: World.DriverPrice + slot * 1_000_000, contact: $"driver {slot}") : null,
                properties: slot >= 0 ? World.DrivingLicence : null);
        }
        net.Connect(Topology.Torus(10, 10));
        var total = net.TotalMoneyMsat();

        var payloadId = World.RequestRide(net, sender);
        net.RunFor(30_000);

        var offers = Assert.Single(sender.EventsOf<OffersCollected>()).Offers;
        Assert.True(offers.Select(o => o.PriceMsat).Distinct().Count() >= 3, $"only {offers.Count} offers");
        var revealed = Assert.Single(sender.EventsOf<ContactRevealed>());
        Assert.Equal(offers.Min(o => o.PriceMsat), revealed.PriceMsat);
        Assert.Equal(offers[0].OfferId, revealed.OfferId);

        net.Do(sender, new ReportJobDone(payloadId));
        net.RunFor(60_000);
        Assert.Equal(-(offers[0].PriceMsat + offers[0].NetworkAmountMsat), net.Earned(sender));
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public void Same_seed_gives_the_same_event_trace()
    {
        static List<string> Run()
        {
            using var net = new SimulatedNetwork(seed: 42);
            var settler = net.AddSettler(World.SettlerUri);
            var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
            for (var i = 0; i < 24; i++)
                net.AddNode(settler, worker: i % 6 == 5 ? World.Driver(contact: $"d{i}") : null, properties: i % 6 == 5 ? World.DrivingLicence : null);
            net.Connect(Topology.RandomConnected(25, 4, net.Random));
            var payloadId = World.RequestRide(net, sender);
            net.RunFor(30_000);
            net.Do(sender, new ReportJobDone(payloadId));
            net.RunFor(30_000);
            return net.Trace;
        }

        var first = Run();
        var second = Run();
        Assert.True(first.Count > 100, $"trace too short: {first.Count}");
        Assert.Equal(first, second);
    }

    [Fact]
    public void Job_report_the_settler_did_not_take_is_made_again_at_the_next_poll()
    {
        using var net = new SimulatedNetwork(seed: 17);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var driver = net.AddNode(settler, worker: World.Driver(), properties: World.DrivingLicence);
        net.Connect(sender, driver);
        var total = net.TotalMoneyMsat();
        var payloadId = World.RequestRide(net, sender);
        net.RunFor(30_000);
        Assert.Single(sender.EventsOf<ContactRevealed>());
        // The settler is "down" for the first report: it never takes it (spoiled on the way), and the sender sees NotYet.
        var (spoiled, turnedAway) = (0, 0);
        net.SettlerCallInterceptor = (caller, request) =>
            caller == sender && request is JobReportRequest report && spoiled++ == 0 ? report with { Signature = new byte[64] } : request;
        net.SettlerAnswerInterceptor = (caller, response) =>
            caller == sender && response is SettlerRefused && turnedAway++ == 0 ? new SettlerRefused(SettlerRefusal.NotYet, "cannot reach the settler") : response;

        net.Do(sender, new ReportJobDone(payloadId));
        net.RunFor(60_000);

        Assert.Equal((2, 1), (spoiled, turnedAway));
        Assert.Contains(sender.EventsOf<NodeWarning>(), w => w.Message.Contains("did not take the report", StringComparison.Ordinal));
        Assert.Single(sender.EventsOf<JobReported>());
        Assert.True(net.Earned(driver) >= World.DriverPrice, $"the driver earned {net.Earned(driver)}");
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }
}
