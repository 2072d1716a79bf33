using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Tests;

public sealed class PeerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Node_refuses_a_peer_whose_key_does_not_match_its_address()
    {
        await using var net = TestNetwork.Create();
        var a = await net.AddNodeAsync("a");
        var b = await net.AddNodeAsync("b");
        var impostor = new PeerAddress(SecretKey.Generate().PublicKey, b.Host.Address.Host, b.Host.Address.Port);

        a.Host.Connect(impostor);

        var refused = await a.Events.WaitForAsync<PeerRedialling>(cancellationToken: Ct).Within();
        Assert.True(refused.WrongKey);
        Assert.Equal(impostor, refused.Address);
        Assert.Contains($"did not prove key {impostor.NodeId}", refused.Reason);
        await b.Events.WaitForAsync<InboundHandshakeFailed>(cancellationToken: Ct).Within();
        Assert.Empty(a.Host.ConnectedPeers);
        Assert.Empty(b.Host.ConnectedPeers);
        Assert.Empty(await a.Host.QueryAsync(engine => engine.Peers.ToList(), Ct));

        await net.ConnectAsync(a, b);
        Assert.Equal([b.Host.Id], a.Host.ConnectedPeers);
    }

    [Fact]
    public async Task Peer_that_keeps_sending_frames_that_do_not_decode_is_disconnected_at_the_limit()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", configure: o => o with { MaxBadFrames = 3 });
        var key = SecretKey.Generate();
        await using var peer = PeerConnection.Start(await NoiseConnection.ConnectAsync(node.Host.Address, key, cancellationToken: Ct));
        await node.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(key.PublicKey), cancellationToken: Ct).Within();
        byte[] garbage = [0x0a, 0xff, 0xff];

        await peer.SendAsync(garbage, Ct);
        await peer.SendAsync(garbage, Ct);
        var second = await node.Events.WaitForAsync<PeerMisbehaved>(m => m.BadFrames == 2, cancellationToken: Ct).Within();
        Assert.False(second.Disconnected);
        Assert.Contains(key.PublicKey, node.Host.ConnectedPeers);

        await peer.SendAsync(garbage, Ct);
        Assert.True((await node.Events.WaitForAsync<PeerMisbehaved>(m => m.BadFrames == 3, cancellationToken: Ct).Within()).Disconnected);
        var down = await node.Events.WaitForAsync<PeerDown>(cancellationToken: Ct).Within();
        Assert.Contains("3 frames that do not decode", down.Reason);
        await peer.Closed.Within();
        Assert.Empty(await node.Host.QueryAsync(engine => engine.Peers.ToList(), Ct));
    }
}
