using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Tests.MoneyRules;

/// <summary>
/// Money rule "total cost": a middleman that advertises a small routing fee and adds a large one is ranked by what the
/// sender really pays (price plus network invoice), and refused outright above the sender's fee cap.
/// </summary>
public class TotalCostTests
{
    private const long Inflated = 6_000_000;

    private sealed record Market(SimulatedNetwork Net, SimSettler Settler, SimNode Sender, SimNode Greedy, SimNode Honest, SimNode CheapDriver, SimNode DearDriver, long Total);

    /// <summary>The cheaper driver sits behind a middleman that advertises 1,000 msat and charges 6,000,000; the dearer one behind an honest middleman.</summary>
    private static Market Build(int seed, SenderPolicy sender)
    {
        var net = new SimulatedNetwork(seed);
        var settler = net.AddSettler(World.SettlerUri);
        var rider = net.AddNode(settler, sender: sender, fundingMsat: World.SenderFunding);
        var greedy = net.AddNode(settler, new NodePolicy { RoutingFeeMsat = Inflated });
        var honest = net.AddNode(settler);
        var cheapDriver = net.AddNode(settler, worker: World.Driver(price: 20_000_000), properties: World.DrivingLicence);
        var dearDriver = net.AddNode(settler, worker: World.Driver(price: 25_000_000), properties: World.DrivingLicence);
        net.Connect(rider, greedy);
        net.Connect(rider, honest);
        net.Connect(greedy, cheapDriver);
        net.Connect(honest, dearDriver);
        net.Interceptor = (from, to, frame) =>
        {
            if (from != greedy || frame.KindCase != Frame.KindOneofCase.PowBroadcastConditions) return frame;
            var advertised = frame.Clone();
            advertised.PowBroadcastConditions.RoutingFeeMsat = 1_000;
            return advertised;
        };
        return new Market(net, settler, rider, greedy, honest, cheapDriver, dearDriver, net.TotalMoneyMsat());
    }

    [Fact]
    public void Offers_are_ranked_by_price_plus_network_fee_so_an_inflated_fee_loses()
    {
        var m = Build(1207, new SenderPolicy { MaxNetworkFeeMsat = 10_000_000 });
        using var net = m.Net;

        var payloadId = World.RequestRide(net, m.Sender);
        net.RunFor(30_000);
        var offers = Assert.Single(m.Sender.EventsOf<OffersCollected>()).Offers;
        Assert.Equal([25_000_000 + 3_000, 20_000_000 + Inflated + 2_000], offers.Select(o => o.PriceMsat + o.NetworkAmountMsat));
        Assert.Equal(offers[0].OfferId, Assert.Single(m.Sender.EventsOf<OfferPaid>()).OfferId);
        net.Do(m.Sender, new ReportJobDone(payloadId));
        net.RunFor(700_000);

        Assert.Equal(-(25_000_000 + 3_000), net.Earned(m.Sender));
        Assert.Equal(25_000_000 + 1_000, net.Earned(m.DearDriver));
        Assert.Equal(1_000, net.Earned(m.Honest));
        Assert.Equal(0, net.Earned(m.Greedy));
        Assert.Equal(0, net.Earned(m.CheapDriver));
        Assert.Equal(1_000, net.BalanceOf(m.Settler));
        Assert.Equal(m.Total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public void An_inflated_fee_above_the_senders_cap_is_refused_and_the_honest_route_is_paid()
    {
        var m = Build(1208, new SenderPolicy());
        using var net = m.Net;

        var payloadId = World.RequestRide(net, m.Sender);
        net.RunFor(30_000);
        Assert.Contains(m.Sender.EventsOf<FrameRejected>(), r => r.Reason == RejectionReason.FeeAboveLimit && r.From == m.Greedy.Id);
        Assert.Single(Assert.Single(m.Sender.EventsOf<OffersCollected>()).Offers);
        net.Do(m.Sender, new ReportJobDone(payloadId));
        net.RunFor(700_000);

        Assert.Equal(-(25_000_000 + 3_000), net.Earned(m.Sender));
        Assert.Equal(0, net.Earned(m.Greedy));
        Assert.Equal(m.Total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }
}
