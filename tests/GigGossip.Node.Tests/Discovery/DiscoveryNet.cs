using GigGossip.Node.Hosting;
using GigGossip.Node.Peering;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Peers;

namespace GigGossip.Node.Tests.Discovery;

/// <summary>Nodes of a <see cref="TestNetwork"/> with discovery on: scores on, each 127.0.0.1 port its own network group.</summary>
internal static class DiscoveryNet
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(new PeerManagerOptions().TickIntervalMs);

    public static NodePolicy Scoring => new() { Scoring = new PeerScoreParams() };

    /// <summary>Turns discovery on, with <paramref name="bootstrap"/> (running nodes) as the bootstrap addresses.</summary>
    public static Func<NodeHostOptions, NodeHostOptions> On(IEnumerable<TestNode>? bootstrap = null, PeerManagerOptions? manager = null,
        Func<NodeHostOptions, NodeHostOptions>? more = null) => options =>
    {
        var on = options with
        {
            Discovery = new PeerDiscoveryOptions
            {
                Bootstrap = (bootstrap ?? []).Select(b => b.Host.Address).ToList(),
                Book = new AddressBookOptions { LocalGroupsByPort = true },
                Manager = manager ?? new PeerManagerOptions(),
            },
        };
        return more?.Invoke(on) ?? on;
    };

    /// <summary>Waits until <paramref name="node"/> took peer records from <paramref name="from"/> (counting from <paramref name="after"/>).</summary>
    public static Task<PeerRecordsReceived> RecordsFromAsync(TestNode node, TestNode from, long after = 0, int atLeast = 1) =>
        node.Events.WaitForAsync<PeerRecordsReceived>(r => r.From.Equals(from.Host.Id) && r.Received >= atLeast, after, Ct).Within();

    public static Task<T> QueryAsync<T>(TestNode node, Func<PeerManager, long, T> query) =>
        node.Host.QueryPeersAsync((m, now) => query(m!, now), Ct);
}
