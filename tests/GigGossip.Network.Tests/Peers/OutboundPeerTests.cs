using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Network.Tests.Peers;

public sealed class OutboundPeerTests
{
    private static readonly ReconnectPolicy Policy = new()
    {
        InitialDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(5),
        Multiplier = 2,
        Jitter = 0.3,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reconnects_on_the_backoff_schedule_and_resets_after_success()
    {
        const int seed = 17;
        var time = new FakeTimeProvider();
        var serverKey = SecretKey.Generate();
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var address = new PeerAddress(serverKey.PublicKey, "127.0.0.1", ((IPEndPoint)server.LocalEndpoint).Port);
        var peer = new OutboundPeer(address, SecretKey.Generate(), Policy, new PeerConnectionOptions { PingInterval = Timeout.InfiniteTimeSpan, TimeProvider = time }, random: new Random(seed));
        var retries = Channel.CreateUnbounded<PeerRetry>();
        peer.RetryScheduled += r => retries.Writer.TryWrite(r);
        var sessions = Channel.CreateUnbounded<PeerConnection>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = peer.RunAsync(async (connection, ct) =>
        {
            sessions.Writer.TryWrite(connection);
            await connection.Closed.WaitAsync(ct);
        }, stop.Token);

        var expected = new Random(seed);
        var start = time.GetUtcNow();
        var elapsed = TimeSpan.Zero;

        // Three dials that the server hangs up on before act two: delays grow 1 s, 2 s, 4 s (with jitter).
        for (var failure = 1; failure <= 3; failure++)
        {
            await HangUpAfterActOne(server);
            var retry = await retries.Reader.ReadAsync(Ct).AsTask().Within();
            Assert.Equal(failure, retry.ConsecutiveFailures);
            Assert.Equal(HandshakeFailure.ConnectionClosed, Assert.IsType<HandshakeException>(retry.Reason).Failure);
            Assert.Equal(Policy.Delay(failure, expected), retry.Delay);
            Assert.Equal(start + elapsed, retry.At);
            await WaitOut(time, retry.Delay, server);
            elapsed += retry.Delay;
        }

        // The fourth dial succeeds; then the server drops it and the count starts again from one.
        var accepted = await AcceptNoiseAsync(server, serverKey);
        var session = await sessions.Reader.ReadAsync(Ct).AsTask().Within();
        Assert.Equal(serverKey.PublicKey, session.RemoteNodeId);
        await accepted.DisposeAsync();

        var afterDrop = await retries.Reader.ReadAsync(Ct).AsTask().Within();
        Assert.Equal(1, afterDrop.ConsecutiveFailures);
        Assert.Equal(TransportFailure.PeerClosed, Assert.IsType<TransportException>(afterDrop.Reason).Failure);
        Assert.Equal(Policy.Delay(1, expected), afterDrop.Delay);
        Assert.Equal(start + elapsed, afterDrop.At);
        await WaitOut(time, afterDrop.Delay, server);

        await using var again = await AcceptNoiseAsync(server, serverKey);
        Assert.Equal(serverKey.PublicKey, (await sessions.Reader.ReadAsync(Ct).AsTask().Within()).RemoteNodeId);

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.Within());
    }

    /// <summary>Moves the clock to just before the delay (no dial may happen), then onto it.</summary>
    private static async Task WaitOut(FakeTimeProvider time, TimeSpan delay, TcpListener server)
    {
        time.Advance(delay - TimeSpan.FromMilliseconds(1));
        await Task.Yield();
        Assert.False(server.Pending(), "dialled before the backoff delay was over");
        time.Advance(TimeSpan.FromMilliseconds(1));
    }

    /// <summary>Reads act one, then closes (after reading, so the close is a clean FIN rather than a reset).</summary>
    private static async Task HangUpAfterActOne(TcpListener server)
    {
        using var socket = await server.AcceptSocketAsync(Ct).AsTask().Within();
        await using var stream = new NetworkStream(socket);
        await stream.ReadExactlyAsync(new byte[NoiseProtocol.ActOneLength], Ct).AsTask().Within();
    }

    private static async Task<NoiseConnection> AcceptNoiseAsync(TcpListener server, SecretKey key)
    {
        var socket = await server.AcceptSocketAsync(Ct).AsTask().Within();
        return await NoiseConnection.AcceptAsync(new NetworkStream(socket, ownsSocket: true), key, cancellationToken: Ct).Within();
    }
}
