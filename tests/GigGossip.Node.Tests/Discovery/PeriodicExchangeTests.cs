using GigGossip.Protocol.Peers;

namespace GigGossip.Node.Tests.Discovery;

/// <summary>Peer exchange on the host's clock: every exchange interval a node asks one outbound peer, so a node that joined later reaches it.</summary>
public sealed class PeriodicExchangeTests
{
    [Fact]
    public async Task A_node_that_joined_later_reaches_an_old_peer_within_one_exchange_interval()
    {
        await using var net = TestNetwork.Create();
        var b = await net.AddNodeAsync("b", configure: DiscoveryNet.On());
        var a = await net.AddNodeAsync("a", configure: DiscoveryNet.On([b]));
        await DiscoveryNet.RecordsFromAsync(a, b);
        var c = await net.AddNodeAsync("c", configure: DiscoveryNet.On([b], new PeerManagerOptions { OutboundQuota = 1, Anchors = 1 })); // it never dials a itself
        await DiscoveryNet.RecordsFromAsync(b, c);
        Assert.Null(await DiscoveryNet.QueryAsync(a, (m, _) => m.Book.Find(c.Host.Id)));

        var after = a.Events.LastSequence;
        var ticks = new PeerManagerOptions().ExchangeIntervalMs / (long)DiscoveryNet.Tick.TotalMilliseconds + 2;
        for (var i = 0; i < ticks; i++)
        {
            net.Advance(DiscoveryNet.Tick);
            await a.Host.QueryPeersAsync((_, _) => true, TestContext.Current.CancellationToken); // this tick is handled
        }

        await DiscoveryNet.RecordsFromAsync(a, b, after, atLeast: 2);
        var learnt = await DiscoveryNet.QueryAsync(a, (m, _) => m.Book.Find(c.Host.Id));
        Assert.Equal($"127.0.0.1:{c.Host.Address.Port}", learnt!.Record.Address);
        Assert.Equal(c.Host.Id, learnt.Record.NodeKey);
    }
}
