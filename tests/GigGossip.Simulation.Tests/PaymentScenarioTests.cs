using GigGossip.Protocol.Engine;

namespace GigGossip.Simulation.Tests;

public class PaymentScenarioTests
{
    [Fact]
    public void Multibroadcast_builds_several_routes_and_the_cheapest_is_paid()
    {
        using var net = new SimulatedNetwork(seed: 4);
        var settler = net.AddSettler(World.SettlerUri);
        var twice = new NodePolicy { Multibroadcast = 2, RoutingFeeMsat = 1_000 };
        var sender = net.AddNode(settler, twice, fundingMsat: World.SenderFunding);
        var cheap = net.AddNode(settler, twice with { RoutingFeeMsat = 1_000 });
        var dear = net.AddNode(settler, twice with { RoutingFeeMsat = 9_000 });
        var junction = net.AddNode(settler, twice with { RoutingFeeMsat = 2_000 });
        var driver = net.AddNode(settler, twice with { RoutingFeeMsat = 500 }, worker: World.Driver(), properties: World.DrivingLicence);
        net.Connect(sender, cheap);
        net.Connect(sender, dear);
        net.Connect(cheap, junction);
        net.Connect(dear, junction);
        net.Connect(junction, driver);
        var total = net.TotalMoneyMsat();

        var payloadId = World.RequestRide(net, sender);
        net.RunFor(30_000);
        var offers = Assert.Single(sender.EventsOf<OffersCollected>()).Offers;
        Assert.Equal(2, offers.Count);
        Assert.Equal([1_000 + 500 + 2_000 + 1_000, 1_000 + 500 + 2_000 + 9_000], offers.Select(o => o.NetworkAmountMsat));
        net.Do(sender, new ReportJobDone(payloadId));
        net.RunFor(700_000);

        Assert.Equal(1_000, net.Earned(cheap));
        Assert.Equal(0, net.Earned(dear));
        Assert.Equal(2_000, net.Earned(junction));
        Assert.Equal(-(World.DriverPrice + 4_500), net.Earned(sender));
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public void Two_settlers_compete_and_the_cheaper_drivers_settler_earns_its_fee()
    {
        using var net = new SimulatedNetwork(seed: 5);
        var first = net.AddSettler("https://first.test");
        var second = net.AddSettler("https://second.test");
        var sender = net.AddNode(first, fundingMsat: World.SenderFunding);
        var middleman = net.AddNode(second);
        var dearDriver = net.AddNode(first, worker: World.Driver(price: 40_000_000, settlerUri: first.Uri), properties: World.DrivingLicence);
        var cheapDriver = net.AddNode(second, worker: World.Driver(price: 20_000_000, settlerUri: second.Uri), properties: World.DrivingLicence);
        net.Connect(sender, middleman);
        net.Connect(middleman, dearDriver);
        net.Connect(middleman, cheapDriver);
        var total = net.TotalMoneyMsat();

        var payloadId = World.RequestRide(net, sender);
        net.RunFor(30_000);
        var offers = Assert.Single(sender.EventsOf<OffersCollected>()).Offers;
        Assert.Equal(["https://second.test", "https://first.test"], offers.Select(o => o.SettlerUri));
        net.Do(sender, new ReportJobDone(payloadId));
        net.RunFor(700_000);

        Assert.Equal(1_000, net.BalanceOf(second));
        Assert.Equal(0, net.BalanceOf(first));
        Assert.Equal(20_000_000 + 1_000, net.Earned(cheapDriver));
        Assert.Equal(0, net.Earned(dearDriver));
        Assert.Equal(total, net.TotalMoneyMsat());
    }

    /// <summary>
    /// Before the money rules a dispute after the key reveal refunded everyone at once (the rider kept the contact for free).
    /// Now it freezes the money; without the driver's pickup code the written default refunds the rider, every msat.
    /// </summary>
    [Fact]
    public void Dispute_after_the_reveal_freezes_the_money_until_the_default_refunds_a_rider_without_a_pickup_code()
    {
        using var line = new RideLine(seed: 6);
        var (net, settler, sender, middleman, driver) = (line.Net, line.Settler, line.Sender, line.Middleman, line.Driver);

        var payloadId = World.RequestRide(net, sender);
        net.RunFor(30_000);
        Assert.Single(sender.EventsOf<ContactRevealed>());
        Assert.True(net.Ledger.Audit().Totals.HeldMsat > World.DriverPrice);
        net.Do(sender, new DisputeJob(payloadId, "the driver never came"));
        net.RunFor(60_000);

        Assert.Equal(JobOutcome.Disputed, Assert.Single(sender.EventsOf<JobReported>()).Outcome);
        Assert.Single(sender.EventsOf<StatementSubmitted>());
        Assert.True(net.Ledger.Audit().Totals.HeldMsat > World.DriverPrice, "frozen, not refunded");
        net.RunFor(new Protocol.Settlement.SettlerPolicy().DisputeWindowMs);

        Assert.Equal(0, net.Earned(sender));
        Assert.Equal(0, net.Earned(middleman));
        Assert.Equal(0, net.Earned(driver));
        Assert.Equal(0, net.BalanceOf(settler));
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
        Assert.Equal(line.Total, net.TotalMoneyMsat());
    }

    [Fact]
    public void Disputed_ride_with_the_drivers_pickup_code_pays_the_driver_by_default()
    {
        using var line = new RideLine(seed: 6);
        var (net, settler, sender, middleman, driver) = (line.Net, line.Settler, line.Sender, line.Middleman, line.Driver);

        var payloadId = World.RequestRide(net, sender);
        net.RunFor(30_000);
        var code = Assert.Single(sender.EventsOf<ContactRevealed>()).PickupCode!;
        net.Do(driver, new ReportPickup(payloadId, code));
        net.RunFor(5_000);
        Assert.Single(driver.EventsOf<PickupReported>());
        net.Do(sender, new DisputeJob(payloadId));
        net.RunFor(60_000);
        Assert.True(net.Ledger.Audit().Totals.HeldMsat > World.DriverPrice, "frozen, not refunded");
        net.RunFor(new Protocol.Settlement.SettlerPolicy().DisputeWindowMs);

        Assert.True(net.Earned(driver) > World.DriverPrice, "the driver gets its price and its routing fee");
        Assert.True(net.Earned(middleman) > 0);
        Assert.Equal(-(net.Earned(driver) + net.Earned(middleman) + net.BalanceOf(settler)), net.Earned(sender));
        Assert.Equal(1_000, net.BalanceOf(settler));
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
        Assert.Equal(line.Total, net.TotalMoneyMsat());
    }

    [Fact]
    public void Worker_who_vanishes_after_the_money_is_locked_leaves_everyone_refunded()
    {
        using var line = new RideLine(seed: 7);
        var (net, sender, middleman, driver) = (line.Net, line.Sender, line.Middleman, line.Driver);

        World.RequestRide(net, sender);
        net.RunFor(9_000);
        Assert.Single(sender.EventsOf<OfferReceived>());
        driver.Online = false;
        net.RunFor(5_000);
        Assert.Single(sender.EventsOf<OfferPaid>());
        Assert.True(net.Ledger.Audit().Totals.HeldMsat > 0);

        net.RunFor(2 * 3_600_000);
        Assert.Empty(sender.EventsOf<ContactRevealed>());
        Assert.Equal(0, net.Earned(sender));
        Assert.Equal(0, net.Earned(middleman));
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
        Assert.Equal(line.Total, net.TotalMoneyMsat());
    }

    [Fact]
    public void Cancelled_broadcast_is_never_paid_and_the_cancel_travels_on()
    {
        using var net = new SimulatedNetwork(seed: 8);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var first = net.AddNode(settler);
        var second = net.AddNode(settler);
        var driver = net.AddNode(settler, worker: World.Driver(), properties: World.DrivingLicence);
        net.Connect(Topology.Line(4));
        var total = net.TotalMoneyMsat();

        var payloadId = World.RequestRide(net, sender);
        net.RunFor(2_000);
        net.Do(sender, new CancelBroadcast(payloadId));
        net.RunFor(60_000);

        Assert.Empty(sender.EventsOf<OfferPaid>());
        Assert.Contains(net.Trace, line => line.Contains($"{first} -> {second} CancelBroadcast", StringComparison.Ordinal));
        Assert.Equal(0, net.Earned(sender));
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }
}
