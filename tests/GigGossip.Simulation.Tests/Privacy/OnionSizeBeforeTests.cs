using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using Google.Protobuf;

namespace GigGossip.Simulation.Tests.Privacy;

/// <summary>
/// The "before" numbers of the fixed-size onion (docs/protocol/privacy.md): on a line of six (sender, four middlemen,
/// driver) every broadcast frame and every reply frame is measured on every link. Today the backward onion grows
/// <see cref="BackwardOnion.LayerOverhead"/> bytes a hop, so each hop and each link observer can tell its distance from the
/// sender by size alone. This test holds that leak as it is; the fixed-size onion turns it into "same size at every hop".
/// </summary>
public class OnionSizeBeforeTests
{
    [Fact]
    public void Onion_and_frames_grow_with_the_hop_so_size_tells_the_distance_from_the_sender()
    {
        using var net = new SimulatedNetwork(seed: 1501);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var middlemen = Enumerable.Range(0, 4).Select(_ => net.AddNode(settler)).ToList();
        var driver = net.AddNode(settler, worker: World.Driver(), properties: World.DrivingLicence);
        SimNode[] line = [sender, .. middlemen, driver];
        net.Connect(Topology.Line(6));
        var broadcasts = new Dictionary<int, (int Frame, int Onion)>();
        var replies = new Dictionary<int, (int Frame, int Onion)>();
        net.Interceptor = (from, to, frame) =>
        {
            var (a, b) = (Array.IndexOf(line, from), Array.IndexOf(line, to));
            if (frame.KindCase == Frame.KindOneofCase.PowBroadcast && b == a + 1)
                broadcasts[a] = (frame.CalculateSize(), BroadcastPayload.Parser.ParseFrom(frame.PowBroadcast.BroadcastPayload).BackwardOnion.Length);
            if (frame.KindCase == Frame.KindOneofCase.Reply && b == a - 1)
                replies[b] = (frame.CalculateSize(), frame.Reply.BackwardOnion.Length);
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
            Assert.Equal((hop + 1) * BackwardOnion.LayerOverhead, broadcasts[hop].Onion);
            Assert.Equal(hop * BackwardOnion.LayerOverhead, replies[hop].Onion);
        }
        for (var hop = 1; hop < 5; hop++)
        {
            Assert.InRange(broadcasts[hop].Frame - broadcasts[hop - 1].Frame, BackwardOnion.LayerOverhead, BackwardOnion.LayerOverhead + 2);
            Assert.True(replies[hop].Frame > replies[hop - 1].Frame, $"reply frame at hop {hop}: {replies[hop].Frame} bytes, at hop {hop - 1}: {replies[hop - 1].Frame}");
        }
        TestContext.Current.TestOutputHelper?.WriteLine("hop | broadcast frame | onion | reply frame | onion\n" + string.Join("\n",
            Enumerable.Range(0, 5).Select(h => $"{h} | {broadcasts[h].Frame} | {broadcasts[h].Onion} | {replies[h].Frame} | {replies[h].Onion}")));
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }
}
