using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Simulation.Tests;

public class FloodTests
{
    [Fact]
    public void A_flood_of_asks_is_rate_limited_and_the_honest_ride_still_completes()
    {
        using var net = new SimulatedNetwork(seed: 30);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var middleman = net.AddNode(settler);
        var driver = net.AddNode(settler, worker: World.Driver(), properties: World.DrivingLicence);
        var flooder = net.AddNode(settler);
        net.Connect(sender, middleman);
        net.Connect(middleman, driver);
        net.Connect(flooder, middleman);
        var total = net.TotalMoneyMsat();

        Frame? ask = null;
        net.Interceptor = (from, to, frame) =>
        {
            if (frame.KindCase == Frame.KindOneofCase.AskForBroadcast && from == sender) ask ??= frame;
            return frame;
        };
        var payloadId = World.RequestRide(net, sender);
        // The sender first gets one-time keys from its settler (issue #15), then asks.
        for (var waited = 0; ask is null && waited < 5_000; waited++) net.RunFor(1);
        Assert.NotNull(ask);
        for (var i = 0; i < 1_000; i++)
        {
            var copy = ask.Clone();
            copy.AskForBroadcast.AskId = ByteString.CopyFrom(BitConverter.GetBytes((long)i).Concat(new byte[8]).ToArray());
            net.Inject(flooder, middleman, copy, delayMs: i);
        }
        net.RunFor(30_000);

        var limited = middleman.EventsOf<FrameRejected>().Count(r => r.Reason == RejectionReason.RateLimited && r.From == flooder.Id);
        var answered = net.Trace.Count(t => t.Contains($"{middleman} -> {flooder} PowBroadcastConditions", StringComparison.Ordinal));
        Assert.True(limited > 800, $"only {limited} asks were limited");
        Assert.True(answered <= 130, $"{answered} asks from the flooder were answered");
        Assert.Single(sender.EventsOf<ContactRevealed>());
        net.Do(sender, new ReportJobDone(payloadId));
        net.RunFor(30_000);
        Assert.Equal(total, net.TotalMoneyMsat());
    }
}
