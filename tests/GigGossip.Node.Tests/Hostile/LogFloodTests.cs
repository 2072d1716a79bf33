using GigGossip.Network.Noise;
using GigGossip.Node.Hosting;

namespace GigGossip.Node.Tests.Hostile;

/// <summary>Issue 13: one warning line per bad TCP connection, unthrottled, let anyone flood the operator's log.</summary>
public sealed class LogFloodTests
{
    private const int Flood = 20;

    private static async Task BadConnectionAsync(TestNode node)
    {
        var actOne = NoiseHandshake.Initiator(Protocol.Crypto.SecretKey.Generate(), node.Host.Address.StaticKey).WriteActOne();
        actOne[0] = 1;
        await using var attacker = await RawPeer.ConnectAsync(node.Host.Address);
        await attacker.SendRawAsync(actOne);
        Assert.Equal(0, await attacker.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task A_flood_of_bad_connections_logs_five_lines_a_minute_then_one_with_the_count_left_out()
    {
        await using var net = TestNetwork.Create();
        var log = new LogLines();
        var node = await net.AddNodeAsync("node", configure: o => o with { Logging = log });

        for (var i = 0; i < Flood; i++) await BadConnectionAsync(node);
        await node.Events.WaitForAsync<InboundHandshakeFailed>(Flood);
        net.Advance(TimeSpan.FromMinutes(1));
        await BadConnectionAsync(node);

        var summary = Assert.Single(await log.WarningAsync("refused an incoming connection", "more like it not logged"));
        Assert.Contains($"({Flood - NodeHost.RepeatedWarningsPerMinute} more like it not logged)", summary);
        var written = log.Lines.Items.Count(l => l.StartsWith("Warning: ", StringComparison.Ordinal) && l.Contains("refused an incoming connection", StringComparison.Ordinal));
        Assert.Equal(NodeHost.RepeatedWarningsPerMinute + 1, written);
        Assert.Equal(Flood + 1, node.Events.Since(0).Count(e => e.Event is InboundHandshakeFailed));
    }
}
