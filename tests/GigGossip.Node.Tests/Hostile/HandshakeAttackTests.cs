using System.Net;
using GigGossip.Network.Tcp;
using GigGossip.Network.Noise;
using GigGossip.Node.Hosting;

namespace GigGossip.Node.Tests.Hostile;

/// <summary>Peers that open TCP connections and never finish (or botch) the BOLT 8 handshake.</summary>
public sealed class HandshakeAttackTests
{
    private const int Stalled = 10;

    [Fact]
    public async Task Handshakes_that_never_finish_are_closed_at_the_timeout_with_a_log_line_while_an_honest_ride_goes_through()
    {
        await using var net = TestNetwork.Create();
        var log = new LogLines();
        var time = new ObservedTime(net.Time);
        var timeout = NodeHostOptions.DefaultNoise.HandshakeTimeout;
        var line = await HonestLine.StartAsync(net, o => o with { Logging = log, Noise = o.Noise with { TimeProvider = time } });
        var armed = time.Timers.Items.Count;

        var attackers = new List<RawPeer>();
        for (var i = 0; i < Stalled; i++)
        {
            var attacker = await RawPeer.ConnectAsync(line.Middleman.Host.Address);
            if (i % 2 == 1) await attacker.SendRawAsync(new byte[NoiseProtocol.ActOneLength / 2]);
            attackers.Add(attacker);
        }
        await time.Timers.WaitForAsync(t => t == timeout, armed + Stalled);

        await line.RideAsync();
        net.Advance(timeout);

        var failures = await line.Middleman.Events.WaitForAsync<InboundHandshakeFailed>(Stalled);
        Assert.All(failures, f => Assert.Contains($"act 1: no answer within {timeout.TotalSeconds:0} s", f.Reason));
        Assert.Equal(attackers.Select(a => a.LocalEndPoint.ToString()).Order(), failures.Select(f => f.RemoteEndPoint).Order());
        await log.WarningAsync("refused an incoming connection from 127.0.0.1:", "no answer within");
        foreach (var attacker in attackers)
        {
            Assert.Equal(0, await attacker.ReadUntilClosedAsync());
            await attacker.DisposeAsync();
        }
        Assert.Equal(2, line.Middleman.Host.ConnectedPeers.Count);
    }

    [Fact]
    public async Task One_host_gets_at_most_its_share_of_pending_handshakes_and_another_host_still_connects()
    {
        const int Share = 4;
        await using var net = TestNetwork.Create();
        var log = new LogLines();
        var time = new ObservedTime(net.Time);
        var node = await net.AddNodeAsync("node", configure: o => o with { Logging = log, Noise = o.Noise with { TimeProvider = time, MaxPendingHandshakesPerAddress = Share } });

        var attackers = new List<RawPeer>();
        for (var i = 0; i < Share + 2; i++) attackers.Add(await RawPeer.ConnectAsync(node.Host.Address));
        var refused = await node.Events.WaitForAsync<InboundHandshakeFailed>(2, f => f.Reason.Contains("in progress"));
        await time.Timers.WaitForAsync(t => t == NodeHostOptions.DefaultNoise.HandshakeTimeout, Share);

        Assert.All(refused, f => Assert.Contains($"127.0.0.1 already has {Share} handshakes in progress; the connection is closed", f.Reason));
        await log.WarningAsync("refused an incoming connection from 127.0.0.1:", "handshakes in progress");
        await using var other = await RawPeer.ConnectAsync(node.Host.Address, IPAddress.Parse("127.0.0.2"));
        await other.HandshakeAsync(node.Host.Address);
        await node.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(other.Key.PublicKey), cancellationToken: TestContext.Current.CancellationToken).Within();

        net.Advance(NodeHostOptions.DefaultNoise.HandshakeTimeout);
        Assert.Equal(Share, (await node.Events.WaitForAsync<InboundHandshakeFailed>(Share, f => f.Reason.Contains("no answer within"))).Count);
        foreach (var attacker in attackers)
        {
            Assert.Equal(0, await attacker.ReadUntilClosedAsync());
            await attacker.DisposeAsync();
        }
        Assert.Equal([other.Key.PublicKey], node.Host.ConnectedPeers);
    }

    [Fact]
    public async Task Act_one_with_a_bad_version_or_for_another_key_is_refused_at_once_with_a_log_line()
    {
        await using var net = TestNetwork.Create();
        var log = new LogLines();
        var node = await net.AddNodeAsync("node", configure: o => o with { Logging = log });
        var actOne = NoiseHandshake.Initiator(Protocol.Crypto.SecretKey.Generate(), node.Host.Address.StaticKey).WriteActOne();
        actOne[0] = 1;
        var otherKey = NoiseHandshake.Initiator(Protocol.Crypto.SecretKey.Generate(), new PeerAddress(Protocol.Crypto.SecretKey.Generate().PublicKey, "127.0.0.1", 1).StaticKey).WriteActOne();

        await using var badVersion = await RawPeer.ConnectAsync(node.Host.Address);
        await badVersion.SendRawAsync(actOne);
        Assert.Equal(0, await badVersion.ReadUntilClosedAsync());
        await using var wrongKey = await RawPeer.ConnectAsync(node.Host.Address);
        await wrongKey.SendRawAsync(otherKey);
        Assert.Equal(0, await wrongKey.ReadUntilClosedAsync());

        var failures = await node.Events.WaitForAsync<InboundHandshakeFailed>(2);
        Assert.Single(failures, f => f.Reason.Contains("unknown handshake version 1"));
        Assert.Single(failures, f => f.Reason.Contains("the initiator does not know our static key (the peer may have dialled another key)"));
        await log.WarningAsync("refused an incoming connection", "unknown handshake version 1");
        Assert.Empty(node.Host.ConnectedPeers);
    }
}
