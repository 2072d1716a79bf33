using System.Security.Cryptography;
using GigGossip.Network.Noise;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Frames;

namespace GigGossip.Node.Tests.Hostile;

/// <summary>Peers that complete the handshake and then break the wire: a length prefix above the limit, garbage, unknown message types, frames that do not decode.</summary>
public sealed class WireAttackTests
{
    public static TheoryData<string, string> Attacks => new()
    {
        { "oversized length prefix", $"the peer announced a {NoiseProtocol.MaxMessageLength}-byte message; the limit is {FrameLimits.DefaultMaxFrameBytes + 1}" },
        { "garbage after the handshake", "message length prefix failed authentication" },
        { "unknown message type", "sent unknown message type 0x07; the peer is dropped" },
        { "frames that do not decode", "dropped after 10 frames that do not decode" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Peer_that_breaks_the_wire_is_dropped_with_a_log_line_saying_why_and_an_honest_ride_goes_through(string attack, string reason)
    {
        await using var net = TestNetwork.Create();
        var log = new LogLines();
        var line = await HonestLine.StartAsync(net, o => o with { Logging = log });
        var node = line.Middleman;
        await using var attacker = await RawPeer.ConnectAsync(node.Host.Address);
        await attacker.HandshakeAsync(node.Host.Address);
        await node.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(attacker.Key.PublicKey), cancellationToken: TestContext.Current.CancellationToken).Within();

        var sent = await AttackAsync(attacker, attack);

        var dropped = await node.Events.WaitForAsync<PeerDropped>(d => d.Peer.Equals(attacker.Key.PublicKey), cancellationToken: TestContext.Current.CancellationToken).Within();
        Assert.Contains(reason, dropped.Reason);
        await log.WarningAsync("dropped peer " + attacker.Key.PublicKey.ToHex()[..12], reason);
        await attacker.ReadUntilClosedAsync();
        await node.Events.WaitForAsync<PeerDown>(d => d.Peer.Equals(attacker.Key.PublicKey), cancellationToken: TestContext.Current.CancellationToken).Within();
        Assert.DoesNotContain(attacker.Key.PublicKey, node.Host.ConnectedPeers);
        Assert.True(sent > 0);

        await line.RideAsync();
    }

    /// <summary>Carries out one attack; returns the BOLT 8 messages (or raw writes) sent.</summary>
    private static async Task<int> AttackAsync(RawPeer attacker, string attack)
    {
        switch (attack)
        {
            case "oversized length prefix":
                await attacker.SendLengthPrefixOnlyAsync(NoiseProtocol.MaxMessageLength);
                return 1;
            case "garbage after the handshake":
                await attacker.SendRawAsync(RandomNumberGenerator.GetBytes(1_000));
                return 1;
            case "unknown message type":
                await attacker.SendMessageAsync([0x07, 1, 2, 3]);
                return 1;
            default:
                for (var i = 0; i < 10; i++) await attacker.SendMessageAsync([0x00, 0x0a, 0xff, 0xff]);
                return 10;
        }
    }
}
