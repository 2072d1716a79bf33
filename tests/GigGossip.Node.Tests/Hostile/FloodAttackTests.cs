using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Node.Tests.Hostile;

/// <summary>A certified insider that floods AskForBroadcast and pays for as many broadcasts as the node lets it.</summary>
public sealed class FloodAttackTests
{
    private static readonly NodePolicy Policy = new();

    [Fact]
    public async Task Ask_flood_is_throttled_at_the_burst_then_the_peer_is_disconnected_with_a_log_line_and_its_state_expires()
    {
        const int Flood = 300;
        await using var net = TestNetwork.Create();
        var log = new LogLines();
        var line = await HonestLine.StartAsync(net, o => o with { Logging = log });
        var node = line.Middleman;
        await using var attacker = await Attacker.ConnectAsync(net, node);
        var requests = Enumerable.Range(0, Flood).Select(_ => attacker.NewRequest()).ToList();

        var sent = 0;
        foreach (var request in requests)
        {
            if (!await attacker.TrySendAsync(Attacker.Ask(FrameIds.New(), request))) break;
            sent++;
        }

        var dropped = await node.Events.WaitForAsync<PeerDropped>(d => d.Peer.Equals(attacker.Key.PublicKey), cancellationToken: TestContext.Current.CancellationToken).Within();
        const int limit = NodeHostOptions.DefaultMaxRejectedFrames;
        Assert.Equal($"dropped after {limit} refused frames (the last: RateLimited, too many AskForBroadcast frames)", dropped.Reason);
        await log.WarningAsync("dropped peer", "refused frames (the last: RateLimited");
        await attacker.Closed.Within();
        await node.Events.WaitForAsync<PeerDown>(d => d.Peer.Equals(attacker.Key.PublicKey), cancellationToken: TestContext.Current.CancellationToken).Within();
        var rateLimited = node.Events.Since(0).Select(r => r.Event).OfType<FrameRejected>().Count(r => r.From.Equals(attacker.Key.PublicKey) && r.Reason == RejectionReason.RateLimited);
        Assert.Equal(limit, rateLimited);
        Assert.Equal((int)Policy.AskBurstPerPeer, node.Effects.Items.Count(e => e is SendFrame { Frame.PowBroadcastConditions: not null } s && s.To.Equals(attacker.Key.PublicKey)));
        Assert.True(sent >= Policy.AskBurstPerPeer + limit, $"sent {sent}");

        Assert.Equal((int)Policy.AskBurstPerPeer, await node.Host.QueryAsync(e => e.RememberedConditions, TestContext.Current.CancellationToken));
        Assert.Equal(0, await node.Host.QueryAsync(e => e.RateLimitedPeers, TestContext.Current.CancellationToken));
        net.Advance(TimeSpan.FromMilliseconds(Policy.AskValidityMs));
        Assert.Equal(0, await MemoryAsync(net, node, e => e.RememberedConditions));

        await line.RideAsync();
    }

    [Fact]
    public async Task Peer_dropped_for_flooding_is_refused_under_the_same_key_until_its_cooloff_ends_with_a_log_line()
    {
        await using var net = TestNetwork.Create();
        var log = new LogLines();
        var cooloff = TimeSpan.FromMinutes(1);
        var line = await HonestLine.StartAsync(net, o => o with { Logging = log, MaxRejectedFrames = 5, DroppedPeerCooloff = cooloff });
        var node = line.Middleman;
        var attacker = await Attacker.ConnectAsync(net, node);
        var flood = Enumerable.Range(0, (int)Policy.AskBurstPerPeer + 5).Select(_ => Attacker.Ask(FrameIds.New(), attacker.NewRequest())).ToList();
        foreach (var ask in flood)
            if (!await attacker.TrySendAsync(ask)) break;
        await node.Events.WaitForAsync<PeerDropped>(d => d.Reason.StartsWith("dropped after 5 refused frames", StringComparison.Ordinal), cancellationToken: TestContext.Current.CancellationToken).Within();
        await attacker.Closed.Within();
        await attacker.DisposeAsync();
        await node.Events.WaitForAsync<PeerDown>(d => d.Peer.Equals(attacker.Key.PublicKey), cancellationToken: TestContext.Current.CancellationToken).Within();

        await using var back = await attacker.RedialAsync(net, node);
        var refused = await node.Events.WaitForAsync<PeerDropped>(d => d.Reason.StartsWith("refused for another", StringComparison.Ordinal), cancellationToken: TestContext.Current.CancellationToken).Within();
        await back.Closed.Within();
        Assert.Equal($"refused for another {cooloff.TotalSeconds:0} s: it was dropped after 5 refused frames (the last: RateLimited, too many AskForBroadcast frames)", refused.Reason);
        await log.WarningAsync("dropped peer", "refused for another 60 s");
        Assert.DoesNotContain(attacker.Key.PublicKey, node.Host.ConnectedPeers);

        net.Advance(cooloff);
        var after = node.Events.LastSequence;
        await using var later = await attacker.RedialAsync(net, node);
        await node.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(attacker.Key.PublicKey), after, TestContext.Current.CancellationToken).Within();
        Assert.NotNull((await later.AskAsync(attacker.NewRequest())).WorkRequest);

        await line.RideAsync();
    }

    [Fact]
    public async Task Paid_broadcast_flood_leaves_the_seen_set_and_spent_proofs_at_most_the_burst_and_empty_after_the_memory_window()
    {
        await using var net = TestNetwork.Create();
        var line = await HonestLine.StartAsync(net, o => o);
        var node = line.Middleman;
        await using var attacker = await Attacker.ConnectAsync(net, node);
        var now = net.Time.GetUtcNow().ToUnixTimeMilliseconds();

        for (var i = 0; i < Policy.AskBurstPerPeer; i++)
        {
            var request = attacker.NewRequest();
            var conditions = await attacker.AskAsync(request);
            Assert.True(await attacker.TrySendAsync(attacker.Proof(conditions, Attacker.Payload(request), now, node.Host.Id)));
        }
        Assert.True(await attacker.TrySendAsync(Attacker.Ask(FrameIds.New(), attacker.NewRequest())));
        await node.Events.WaitForAsync<FrameRejected>(r => r.Reason == RejectionReason.RateLimited, cancellationToken: TestContext.Current.CancellationToken).Within();

        var rejected = node.Events.Since(0).Select(r => r.Event).OfType<FrameRejected>().Where(r => r.From.Equals(attacker.Key.PublicKey)).ToList();
        Assert.Equal([RejectionReason.RateLimited], rejected.Select(r => r.Reason));
        Assert.Equal((int)Policy.AskBurstPerPeer, await node.Host.QueryAsync(e => e.RememberedPayloads, TestContext.Current.CancellationToken));
        Assert.Equal((int)Policy.AskBurstPerPeer, await node.Host.QueryAsync(e => e.RememberedProofs, TestContext.Current.CancellationToken));
        Assert.Contains(attacker.Key.PublicKey, node.Host.ConnectedPeers);

        net.Advance(TimeSpan.FromMilliseconds(Policy.MemoryWindowMs));
        Assert.Equal(0, await MemoryAsync(net, node, e => e.RememberedPayloads));
        Assert.Equal(0, await MemoryAsync(net, node, e => e.RememberedProofs));
        Assert.Equal(0, await MemoryAsync(net, node, e => e.RememberedConditions));

        await line.RideAsync();
    }

    /// <summary>Lets the engine forget what expired by now, then reads one of its counts.</summary>
    internal static Task<int> MemoryAsync(TestNetwork net, TestNode node, Func<NodeEngine, int> count) =>
        node.Host.QueryAsync(e =>
        {
            e.ForgetExpired(net.Time.GetUtcNow().ToUnixTimeMilliseconds());
            return count(e);
        }, TestContext.Current.CancellationToken);
}
