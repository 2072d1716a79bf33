using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Simulation.Tests.MoneyRules;

/// <summary>
/// Money rule "replays": a request carries a valid-until (the sender's reply deadline); middlemen refuse it after that
/// and remember its payload id at least until then, so an old signed request cannot flood the network again.
/// </summary>
public class ReplayTests
{
    private const long ReplyWindowMs = 30 * 60_000;

    private sealed record Line(SimulatedNetwork Net, SimNode Sender, SimNode First, SimNode Second, SimNode Replayer, SignedRequestPayload Request, long Total);

    /// <summary>sender - first - second, and a replayer linked to first that captured the sender's signed request.</summary>
    private static Line Broadcast(int seed)
    {
        var net = new SimulatedNetwork(seed);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var first = net.AddNode(settler);
        var second = net.AddNode(settler);
        var replayer = net.AddNode(settler);
        net.Connect(sender, first);
        net.Connect(first, second);
        var total = net.TotalMoneyMsat();
        SignedRequestPayload? captured = null;
        net.FrameObserver = (from, to, frame, _) =>
        {
            if (from == sender && frame.KindCase == Frame.KindOneofCase.AskForBroadcast) captured ??= frame.AskForBroadcast.SignedRequestPayload;
        };
        World.RequestRide(net, sender, ReplyWindowMs);
        net.RunFor(5_000);
        Assert.Single(second.EventsOf<BroadcastReceived>());
        net.Connect(replayer, first);
        return new Line(net, sender, first, second, replayer, captured!, total);
    }

    private static Frame Ask(SignedRequestPayload request) =>
        new() { AskForBroadcast = new AskForBroadcastFrame { AskId = FrameIds.New(), SignedRequestPayload = request } };

    private static int ConditionsTo(Line line, SimNode node) =>
        line.Net.Trace.Count(t => t.Contains($"{line.First} -> {node} PowBroadcastConditions", StringComparison.Ordinal));

    [Fact]
    public void Request_replayed_within_its_validity_is_refused_as_seen_after_the_old_ten_minute_memory()
    {
        var line = Broadcast(1209);
        using var net = line.Net;

        net.RunFor(20 * 60_000);
        net.Inject(line.Replayer, line.First, Ask(line.Request));
        net.RunFor(5_000);

        Assert.Contains(line.First.EventsOf<FrameRejected>(), r => r.From == line.Replayer.Id && r.Reason == RejectionReason.MultibroadcastLimit);
        Assert.Equal(0, ConditionsTo(line, line.Replayer));
        Assert.Single(line.Second.EventsOf<BroadcastReceived>());
        Assert.Equal(line.Total, net.TotalMoneyMsat());
    }

    [Fact]
    public void Request_replayed_after_its_valid_until_is_refused_and_not_forwarded()
    {
        var line = Broadcast(1210);
        using var net = line.Net;

        net.RunFor(ReplyWindowMs + 10 * 60_000);
        line.First.Engine.ForgetExpired(net.Now);
        Assert.Equal(0, line.First.Engine.RememberedPayloads);
        net.Inject(line.Replayer, line.First, Ask(line.Request));
        net.RunFor(5_000);

        Assert.Contains(line.First.EventsOf<FrameRejected>(), r => r.From == line.Replayer.Id && r.Reason == RejectionReason.RequestExpired);
        Assert.Equal(0, ConditionsTo(line, line.Replayer));
        Assert.Single(line.Second.EventsOf<BroadcastReceived>());
        Assert.Equal(line.Total, net.TotalMoneyMsat());
    }

    [Fact]
    public void Request_claiming_a_validity_beyond_the_longest_reply_window_is_refused()
    {
        using var net = new SimulatedNetwork(1211);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var first = net.AddNode(settler);
        net.Connect(sender, first);

        World.RequestRide(net, sender, deadlineMs: new NodePolicy().MaxRequestValidityMs + 60_000);
        net.RunFor(5_000);

        Assert.Contains(first.EventsOf<FrameRejected>(), r => r.Reason == RejectionReason.RequestExpired);
        Assert.Empty(first.EventsOf<BroadcastReceived>());
    }
}
