using GigGossip.Network.Peers;
using System.Buffers.Binary;
using GigGossip.Network.Noise;
using GigGossip.Network.Tests.Tcp;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Network.Tests.Peers;

public sealed class PeerConnectionTests
{
    private static readonly PeerConnectionOptions NoKeepalive = new() { PingInterval = Timeout.InfiniteTimeSpan };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Frames_flow_both_ways_in_order()
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, NoKeepalive);
        await using var server = PeerConnection.Start(pair.Server, NoKeepalive);

        for (var i = 0; i < 100; i++)
        {
            await client.SendAsync(new[] { (byte)i, (byte)(i * 3) }, Ct).Within();
            await server.SendAsync(new byte[i], Ct).Within();
        }

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(new[] { (byte)i, (byte)(i * 3) }, await server.Frames.ReadAsync(Ct).AsTask().Within());
            Assert.Equal(i, (await client.Frames.ReadAsync(Ct).AsTask().Within()).Length);
        }
        Assert.Equal(pair.ServerKey.PublicKey, client.RemoteNodeId);
    }

    [Fact]
    public async Task Ping_is_answered_by_a_pong()
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, NoKeepalive);
        await using var server = PeerConnection.Start(pair.Server, NoKeepalive);

        var roundTrip = await client.PingAsync(Ct).Within();
        var back = await server.PingAsync(Ct).Within();

        Assert.True(roundTrip >= TimeSpan.Zero && back >= TimeSpan.Zero);
        Assert.False(client.IsClosed || server.IsClosed);
    }

    [Fact]
    public async Task Pong_round_trip_is_measured_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, NoKeepalive with { TimeProvider = time });
        var ping = client.PingAsync(Ct);

        var raw = pair.Server;
        var message = await raw.ReceiveAsync(Ct).Within();
        Assert.Equal((byte)PeerMessageType.Ping, message[0]);
        time.Advance(TimeSpan.FromMilliseconds(250));
        message[0] = (byte)PeerMessageType.Pong;
        await raw.SendAsync(message, Ct).Within();

        Assert.Equal(TimeSpan.FromMilliseconds(250), await ping.Within());
    }

    [Fact]
    public async Task Keepalive_drops_a_peer_that_sends_nothing_after_a_ping()
    {
        var time = new FakeTimeProvider();
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, new PeerConnectionOptions { PingInterval = TimeSpan.FromSeconds(30), TimeProvider = time });

        time.Advance(TimeSpan.FromSeconds(30));
        var ping = await pair.Server.ReceiveAsync(Ct).Within(); // the silent peer reads the ping and says nothing
        Assert.Equal((byte)PeerMessageType.Ping, ping[0]);
        Assert.False(client.IsClosed);
        time.Advance(TimeSpan.FromSeconds(30));

        var reason = await client.Closed.Within();
        Assert.Equal(TransportFailure.PingTimeout, reason.Failure);
        Assert.False(await client.Frames.WaitToReadAsync(Ct).AsTask().Within());
    }

    [Fact]
    public async Task Keepalive_keeps_a_peer_that_answers()
    {
        var time = new FakeTimeProvider();
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, new PeerConnectionOptions { PingInterval = TimeSpan.FromSeconds(30), TimeProvider = time });
        await using var server = PeerConnection.Start(pair.Server, NoKeepalive);

        for (var round = 0; round < 3; round++)
        {
            var pong = NextPong(client);
            time.Advance(TimeSpan.FromSeconds(30));
            await pong.Within();
        }
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.False(client.IsClosed);
        await client.SendAsync(new byte[] { 42 }, Ct).Within();
        Assert.Equal(new byte[] { 42 }, await server.Frames.ReadAsync(Ct).AsTask().Within());
    }

    [Theory]
    [InlineData(new byte[] { 0x07, 1, 2, 3 })]                  // unknown message type
    [InlineData(new byte[] { 0x01, 1, 2, 3 })]                  // ping that is not 9 bytes
    [InlineData(new byte[] { 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 9 })] // pong that is not 9 bytes
    [InlineData(new byte[0])]                                    // empty message
    public async Task Malformed_peer_message_drops_the_peer(byte[] message)
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, NoKeepalive);

        await pair.Server.SendAsync(message, Ct).Within();

        var reason = await client.Closed.Within();
        Assert.Equal(TransportFailure.ProtocolViolation, reason.Failure);
        var error = await client.SendAsync(new byte[1], Ct).AsTask().FailsWith<TransportException>();
        Assert.Equal(TransportFailure.Closed, error.Failure);
    }

    [Fact]
    public async Task Peer_closing_its_side_closes_ours_with_the_reason()
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, NoKeepalive);
        var server = PeerConnection.Start(pair.Server, NoKeepalive);

        await server.SendAsync(new byte[] { 9 }, Ct).Within();
        Assert.Equal(new byte[] { 9 }, await client.Frames.ReadAsync(Ct).AsTask().Within());
        await server.DisposeAsync();

        Assert.Equal(TransportFailure.Closed, (await server.Closed.Within()).Failure);
        Assert.Equal(TransportFailure.PeerClosed, (await client.Closed.Within()).Failure);
    }

    [Fact]
    public async Task Frame_too_large_for_one_message_is_refused()
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, NoKeepalive);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(new byte[PeerConnectionOptions.MaxFrameLength + 1], Ct).AsTask());
        await client.SendAsync(new byte[PeerConnectionOptions.MaxFrameLength], Ct).Within();
        Assert.Equal(1 + PeerConnectionOptions.MaxFrameLength, (await pair.Server.ReceiveAsync(Ct).Within()).Length);
    }

    private static Task<TimeSpan> NextPong(PeerConnection peer)
    {
        var pong = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnPong(TimeSpan roundTrip)
        {
            peer.PongReceived -= OnPong;
            pong.TrySetResult(roundTrip);
        }
        peer.PongReceived += OnPong;
        return pong.Task;
    }

    internal static ulong PingId(byte[] message) => BinaryPrimitives.ReadUInt64BigEndian(message.AsSpan(1));
}
