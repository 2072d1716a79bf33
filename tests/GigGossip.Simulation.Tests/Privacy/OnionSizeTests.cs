using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;

namespace GigGossip.Simulation.Tests.Privacy;

/// <summary>
/// The fixed-size onion on the wire (docs/protocol/privacy.md): on a line of six (sender, four middlemen, driver) every
/// broadcast frame and every reply frame is measured on every link. Before issue #15 the backward onion grew 80 bytes a
/// hop, so each hop and each link observer could tell its distance from the sender by size alone (the doc keeps those
/// numbers); now the onion is <see cref="FixedSizeOnion.Length"/> bytes everywhere and so is every broadcast frame.
/// </summary>
public class OnionSizeTests
{
    [Fact]
    public void Onion_and_broadcast_frames_are_the_same_size_at_every_hop()
    {
        using var net = new SimulatedNetwork(seed: 1501);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var middlemen = Enumerable.Range(0, 4).Select(_ => net.AddNode(settler)).ToList();
        var driver = net.AddNode(settler, worker: World.Driver(), properties: World.DrivingLicence);
        SimNode[] line = [sender, .. middlemen, driver];
        net.Connect(Topology.Line(6));
        var broadcasts = new Dictionary<int, (int Frame, int Onion, int OldOnion)>();
        var replies = new Dictionary<int, (int Frame, int Onion, int OldOnion, int Invoice)>();
        net.Interceptor = (from, to, frame) =>
        {
            var (a, b) = (Array.IndexOf(line, from), Array.IndexOf(line, to));
            if (frame.KindCase == Frame.KindOneofCase.PowBroadcast && b == a + 1)
            {
                var payload = BroadcastPayload.Parser.ParseFrom(frame.PowBroadcast.BroadcastPayload);
                broadcasts[a] = (frame.CalculateSize(), payload.FixedBackwardOnion.Length, payload.BackwardOnion.Length);
            }
            if (frame.KindCase == Frame.KindOneofCase.Reply && b == a - 1)
                replies[b] = (frame.CalculateSize(), frame.Reply.FixedBackwardOnion.Length, frame.Reply.BackwardOnion.Length, frame.Reply.NetworkInvoice.Length);
            return frame;
        };
        var total = net.TotalMoneyMsat();

        var payloadId = World.RequestRide(net, sender);
        net.RunFor(30_000);
        Assert.Single(sender.EventsOf<ContactRevealed>());
        net.Do(sender, new ReportJobDone(payloadId));
        net.RunFor(30_000);

        Assert.Equal(5, broadcasts.Count);
        Assert.Equal(5, replies.Count);
        for (var hop = 0; hop < 5; hop++)
        {
            Assert.Equal((FixedSizeOnion.Length, 0), (broadcasts[hop].Onion, broadcasts[hop].OldOnion));
            Assert.Equal((FixedSizeOnion.Length, 0), (replies[hop].Onion, replies[hop].OldOnion));
            Assert.Equal(broadcasts[0].Frame, broadcasts[hop].Frame);
            // A reply frame differs from hop to hop only by its network invoice, which each hop issues afresh.
            Assert.Equal(replies[0].Frame - replies[0].Invoice, replies[hop].Frame - replies[hop].Invoice);
        }
        TestContext.Current.TestOutputHelper?.WriteLine("hop | broadcast frame | onion | reply frame | onion | network invoice\n" + string.Join("\n",
            Enumerable.Range(0, 5).Select(h => $"{h} | {broadcasts[h].Frame} | {broadcasts[h].Onion} | {replies[h].Frame} | {replies[h].Onion} | {replies[h].Invoice}")));
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public void A_route_of_the_documented_maximum_of_middlemen_still_pays_and_one_more_does_not_reach_the_sender()
    {
        Assert.True(RideOn(FixedSizeOnion.MaxMiddlemen, seed: 1502));
        Assert.False(RideOn(FixedSizeOnion.MaxMiddlemen + 1, seed: 1503));
    }

    /// <summary>A ride on a line with <paramref name="middlemen"/> middlemen; true when the sender got the contact. Money is conserved either way.</summary>
    private static bool RideOn(int middlemen, int seed)
    {
        using var net = new SimulatedNetwork(seed);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        for (var i = 0; i < middlemen; i++) net.AddNode(settler);
        net.AddNode(settler, worker: World.Driver(), properties: World.DrivingLicence);
        net.Connect(Topology.Line(middlemen + 2));
        var total = net.TotalMoneyMsat();

        var payloadId = World.RequestRide(net, sender, deadlineMs: 30_000);
        net.RunFor(60_000);
        var paid = sender.EventsOf<ContactRevealed>().Any();
        if (paid) net.Do(sender, new ReportJobDone(payloadId));
        net.RunFor(3_600_000);
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
        return paid;
    }
}
