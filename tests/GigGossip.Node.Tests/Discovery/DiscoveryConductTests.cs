using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Network.Noise;
using GigGossip.Node.Hosting;
using GigGossip.Node.Peering;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;

namespace GigGossip.Node.Tests.Discovery;

/// <summary>The cheating peer's side of discovery in the daemon: forging records gets it graylisted, dropped and refused; inbound connections are capped.</summary>
public sealed class DiscoveryConductTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_peer_forging_records_is_graylisted_dropped_at_the_next_tick_and_refused_when_it_comes_back()
    {
        await using var net = TestNetwork.Create();
        var n = await net.AddNodeAsync("n", policy: DiscoveryNet.Scoring, configure: o => o with { Discovery = new PeerDiscoveryOptions() });
        var rogue = SecretKey.Generate();
        var forged = Enumerable.Range(1, 3).Select(i => PeerRecord.Sign(SecretKey.Generate(), $"10.2.0.{i}:9735", TestNetwork.StartUnixMs) with { Address = $"10.3.0.{i}:9735" });

        await using var peer = await ConnectAsync(n, rogue);
        var after = n.Events.LastSequence;
        await peer.SendRecordsAsync(PeerRecordsCodec.Encode(forged), Ct);
        var received = await n.Events.WaitForAsync<PeerRecordsReceived>(r => r.From.Equals(rogue.PublicKey), after, Ct).Within();
        Assert.Equal((3, 0, 3), (received.Received, received.Added, received.Refused));
        var view = (await n.Host.PeerViewsAsync(Ct)).Single(p => p.Id == rogue.PublicKey.ToHex());
        Assert.True(view.Graylisted);
        Assert.Equal(9 * new PeerScoreParams().InvalidFrameWeight, view.ScoreParts!.InvalidFrames);
        Assert.Equal("inbound", view.Direction);

        net.Advance(DiscoveryNet.Tick);
        var down = await n.Events.WaitForAsync<PeerDown>(p => p.Peer.Equals(rogue.PublicKey), after, Ct).Within();
        Assert.Contains("below the graylist threshold", down.Reason);
        Assert.Equal(TransportFailure.PeerClosed, (await peer.Closed.Within()).Failure);

        var back = n.Events.LastSequence;
        var connection = await NoiseConnection.ConnectAsync(n.Host.Address, rogue, null, Ct).Within();
        await using var again = PeerConnection.Start(connection, new PeerConnectionOptions { PingInterval = Timeout.InfiniteTimeSpan });
        var refused = await n.Events.WaitForAsync<PeerDropped>(p => p.Peer.Equals(rogue.PublicKey), back, Ct).Within();
        Assert.StartsWith("refused", refused.Reason);
        await again.Closed.Within();
        Assert.DoesNotContain(rogue.PublicKey, n.Host.ConnectedPeers);
    }

    [Fact]
    public async Task Inbound_connections_past_the_cap_evict_one_from_the_most_crowded_group()
    {
        await using var net = TestNetwork.Create();
        var n = await net.AddNodeAsync("n", configure: o => o with { Discovery = new PeerDiscoveryOptions { Manager = new PeerManagerOptions { MaxInbound = 2 } } });
        var keys = Enumerable.Range(0, 3).Select(_ => SecretKey.Generate()).ToList();
        var after = n.Events.LastSequence;
        var peers = new List<PeerConnection>();
        foreach (var key in keys) peers.Add(await ConnectAsync(n, key));

        var evicted = await n.Events.WaitForAsync<PeerDown>(cancellationToken: Ct, afterSequence: after).Within();
        Assert.Contains("inbound connections over 2", evicted.Reason);
        Assert.Contains(evicted.Peer, keys.Select(k => k.PublicKey));
        Assert.Equal(2, n.Host.ConnectedPeers.Count);
        foreach (var peer in peers) await peer.DisposeAsync();
    }

    private static async Task<PeerConnection> ConnectAsync(TestNode node, SecretKey key)
    {
        var after = node.Events.LastSequence;
        var connection = await NoiseConnection.ConnectAsync(node.Host.Address, key, null, Ct).Within();
        var peer = PeerConnection.Start(connection, new PeerConnectionOptions { PingInterval = Timeout.InfiniteTimeSpan });
        await node.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(key.PublicKey), after, Ct).Within();
        return peer;
    }
}
