using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Onion;

namespace GigGossip.Simulation.Tests.Simulator;

public class HopLimitTests
{
    [Fact]
    public void A_broadcast_goes_no_further_than_the_onion_is_deep()
    {
        using var net = new SimulatedNetwork(seed: 5) { KeepEvents = true, Tracing = false };
        var settler = net.AddSettler(World.SettlerUri);
        var policy = new NodePolicy { Fanout = 1, PowLeadingZeroBits = 2 };
        var sender = net.AddNode(settler, policy, fundingMsat: World.SenderFunding);
        var line = Enumerable.Range(0, BackwardOnion.MaxDepth + 4).Select(_ => net.AddNode(settler, policy)).ToList();
        net.Connect(sender, line[0]);
        for (var i = 1; i < line.Count; i++) net.Connect(line[i - 1], line[i]);

        World.RequestRide(net, sender);
        net.RunFor(60_000);

        var reached = line.Count(n => n.EventsOf<BroadcastReceived>().Any());
        Assert.Equal(BackwardOnion.MaxDepth, reached);
        var last = line[BackwardOnion.MaxDepth - 1];
        Assert.Contains(last.EventsOf<FrameRejected>(), r => r.Reason == RejectionReason.HopLimit);
        Assert.Empty(line[BackwardOnion.MaxDepth].EventsOf<BroadcastReceived>());
    }
}
