using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests.Hostile;

/// <summary>Proofs of work that are wrong, stale, from the future, or replayed.</summary>
public sealed class PowAttackTests
{
    [Fact]
    public async Task Wrong_stale_future_and_replayed_proofs_are_each_refused_and_the_peer_is_dropped_at_the_limit_with_a_log_line()
    {
        await using var net = TestNetwork.Create();
        var log = new LogLines();
        var line = await HonestLine.StartAsync(net, o => o with { Logging = log, MaxRejectedFrames = 4 });
        var node = line.Middleman;
        await using var attacker = await Attacker.ConnectAsync(net, node);
        var tolerance = new NodePolicy().TimestampToleranceMs;
        var now = net.Time.GetUtcNow().ToUnixTimeMilliseconds();

        async Task ProveAsync(long timestamp, bool valid)
        {
            var request = attacker.NewRequest();
            var conditions = await attacker.AskAsync(request);
            Assert.True(await attacker.TrySendAsync(attacker.Proof(conditions, Attacker.Payload(request), timestamp, node.Host.Id, valid)));
        }

        await ProveAsync(now, valid: false);
        await ProveAsync(now - tolerance - 1, valid: true);
        await ProveAsync(now + 1, valid: true);
        var honestRequest = attacker.NewRequest();
        var honestConditions = await attacker.AskAsync(honestRequest);
        var paid = attacker.Proof(honestConditions, Attacker.Payload(honestRequest), now, node.Host.Id);
        Assert.True(await attacker.TrySendAsync(paid));
        await node.Events.WaitForAsync<BroadcastSent>(b => !b.AsSender, cancellationToken: TestContext.Current.CancellationToken).Within();
        await attacker.TrySendAsync(paid);

        var rejected = await node.Events.WaitForAsync<FrameRejected>(4, r => r.From.Equals(attacker.Key.PublicKey));
        Assert.Equal([RejectionReason.PowAboveTarget, RejectionReason.PowTimestampExpired, RejectionReason.PowTimestampInFuture, RejectionReason.ReplayedPow], rejected.Select(r => r.Reason));
        var dropped = await node.Events.WaitForAsync<PeerDropped>(d => d.Peer.Equals(attacker.Key.PublicKey), cancellationToken: TestContext.Current.CancellationToken).Within();
        Assert.StartsWith("dropped after 4 refused frames (the last: ReplayedPow, ask ", dropped.Reason);
        await log.WarningAsync("dropped peer", "(the last: ReplayedPow");
        await attacker.Closed.Within();
        Assert.Equal(1, await node.Host.QueryAsync(e => e.RememberedProofs, TestContext.Current.CancellationToken));

        net.Advance(TimeSpan.FromMilliseconds(tolerance + 1));
        Assert.Equal(0, await FloodAttackTests.MemoryAsync(net, node, e => e.RememberedProofs));

        await line.RideAsync();
    }

    [Fact]
    public async Task Duplicates_an_honest_graph_sends_are_refused_but_never_held_against_the_peer()
    {
        const int Limit = 3;
        await using var net = TestNetwork.Create();
        var line = await HonestLine.StartAsync(net, o => o with { MaxRejectedFrames = Limit });
        var node = line.Middleman;
        await using var peer = await Attacker.ConnectAsync(net, node);
        var now = net.Time.GetUtcNow().ToUnixTimeMilliseconds();
        var request = peer.NewRequest();
        var conditions = await peer.AskAsync(request);
        Assert.True(await peer.TrySendAsync(peer.Proof(conditions, Attacker.Payload(request), now, node.Host.Id)));

        for (var i = 0; i < 2 * Limit; i++) Assert.True(await peer.TrySendAsync(Attacker.Ask(Protocol.Frames.FrameIds.New(), request)));
        var fresh = await peer.AskAsync(peer.NewRequest());

        var refused = node.Events.Since(0).Select(r => r.Event).OfType<FrameRejected>().Where(r => r.From.Equals(peer.Key.PublicKey)).ToList();
        Assert.Equal(2 * Limit, refused.Count(r => r.Reason == RejectionReason.MultibroadcastLimit));
        Assert.Equal(2 * Limit, refused.Count);
        Assert.NotNull(fresh.WorkRequest);
        Assert.Contains(peer.Key.PublicKey, node.Host.ConnectedPeers);
        Assert.DoesNotContain(node.Events.Since(0), r => r.Event is PeerDropped);
    }
}
