using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Onion;

namespace GigGossip.Simulation.Tests.Simulator;

/// <summary>
/// Since the fixed-size onion (issue #15) no hop can tell how deep it is, so none stops a broadcast at a depth: a broadcast
/// goes as far as its reply deadline and the payload deduplication let it (before, the hop at 64 layers refused to forward,
/// which is what told every hop its distance). What bounds a useful route now is the onion's documented maximum of
/// <see cref="FixedSizeOnion.MaxMiddlemen"/> middlemen (Privacy/OnionSizeTests).
/// </summary>
public class HopLimitTests
{
    [Fact]
    public void No_hop_can_tell_its_depth_so_none_stops_a_broadcast_at_one()
    {
        using var net = new SimulatedNetwork(seed: 5) { KeepEvents = true, Tracing = false };
        var settler = net.AddSettler(World.SettlerUri);
        var policy = new NodePolicy { Fanout = 1, PowLeadingZeroBits = 2 };
        var sender = net.AddNode(settler, policy, fundingMsat: World.SenderFunding);
        var line = Enumerable.Range(0, 68).Select(_ => net.AddNode(settler, policy)).ToList();
        net.Connect(sender, line[0]);
        for (var i = 1; i < line.Count; i++) net.Connect(line[i - 1], line[i]);

        World.RequestRide(net, sender, deadlineMs: 60_000);
        net.RunFor(60_000);

        Assert.All(line, n => Assert.NotEmpty(n.EventsOf<BroadcastReceived>()));
        Assert.DoesNotContain(line, n => n.EventsOf<FrameRejected>().Any(r => r.Reason == RejectionReason.HopLimit));
    }
}
