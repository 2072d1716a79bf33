using GigGossip.Network.Tcp;
using System.Net;
using System.Net.Sockets;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Network.Tests.Tcp;

public sealed class HandshakeOverTcpTests
{
    [Fact]
    public async Task Node_with_a_different_key_than_the_address_fails_the_handshake()
    {
        await using var listener = NoiseListener.Start(SecretKey.Generate());
        var responderSaw = WatchFailures(listener);
        var impostorAddress = new PeerAddress(SecretKey.Generate().PublicKey, "127.0.0.1", listener.LocalEndPoint.Port);

        var error = await NoiseConnection.ConnectAsync(impostorAddress, SecretKey.Generate(), cancellationToken: TestContext.Current.CancellationToken)
            .FailsWith<HandshakeException>();

        Assert.Equal(2, error.Act);
        Assert.Equal(HandshakeFailure.ConnectionClosed, error.Failure);
        var seen = await responderSaw.Within();
        Assert.Equal(1, seen.Act);
        Assert.Equal(HandshakeFailure.BadTag, seen.Failure);
    }

    [Fact]
    public async Task Garbage_act_one_is_refused_and_the_connection_closed_without_reply()
    {
        await using var listener = NoiseListener.Start(SecretKey.Generate());
        var responderSaw = WatchFailures(listener);
        await using var raw = await RawPeer.ConnectAsync(listener);
        var garbage = new byte[NoiseProtocol.ActOneLength];
        new Random(7).NextBytes(garbage);
        garbage[0] = NoiseProtocol.HandshakeVersion;

        await raw.WriteAsync(garbage);

        var seen = await responderSaw.Within();
        Assert.Equal(1, seen.Act);
        Assert.Contains(seen.Failure, new[] { HandshakeFailure.BadPublicKey, HandshakeFailure.BadTag });
        Assert.True(await raw.ClosedByPeerAsync());
    }

    [Fact]
    public async Task Act_one_with_an_unknown_version_is_refused()
    {
        var key = SecretKey.Generate();
        await using var listener = NoiseListener.Start(key);
        var responderSaw = WatchFailures(listener);
        await using var raw = await RawPeer.ConnectAsync(listener);
        var actOne = NoiseHandshake.Initiator(SecretKey.Generate(), listener.Address.StaticKey).WriteActOne();
        actOne[0] = 1;

        await raw.WriteAsync(actOne);

        var seen = await responderSaw.Within();
        Assert.Equal(HandshakeFailure.BadVersion, seen.Failure);
        Assert.True(await raw.ClosedByPeerAsync());
    }

    [Fact]
    public async Task Initiator_that_hangs_up_during_act_one_is_reported()
    {
        await using var listener = NoiseListener.Start(SecretKey.Generate());
        var responderSaw = WatchFailures(listener);
        await using var raw = await RawPeer.ConnectAsync(listener);

        await raw.WriteAsync(new byte[20]);
        raw.ShutdownSend();

        var seen = await responderSaw.Within();
        Assert.Equal(1, seen.Act);
        Assert.Equal(HandshakeFailure.ConnectionClosed, seen.Failure);
    }

    [Fact]
    public async Task Responder_times_out_a_silent_initiator()
    {
        var time = new FakeTimeProvider();
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)server.LocalEndpoint, TestContext.Current.CancellationToken).Within();
        using var accepted = await server.AcceptSocketAsync(TestContext.Current.CancellationToken).AsTask().Within();
        var options = new NoiseConnectionOptions { HandshakeTimeout = TimeSpan.FromSeconds(10), TimeProvider = time };

        var handshake = NoiseConnection.AcceptAsync(new NetworkStream(accepted), SecretKey.Generate(), options, cancellationToken: TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(handshake.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await handshake.FailsWith<HandshakeException>();
        Assert.Equal(1, error.Act);
        Assert.Equal(HandshakeFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task Initiator_times_out_a_responder_that_never_sends_act_two()
    {
        var time = new FakeTimeProvider();
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var address = new PeerAddress(SecretKey.Generate().PublicKey, "127.0.0.1", ((IPEndPoint)server.LocalEndpoint).Port);
        var options = new NoiseConnectionOptions { HandshakeTimeout = TimeSpan.FromSeconds(10), TimeProvider = time };

        var connecting = NoiseConnection.ConnectAsync(address, SecretKey.Generate(), options, TestContext.Current.CancellationToken);
        using var accepted = await server.AcceptSocketAsync(TestContext.Current.CancellationToken).AsTask().Within();
        var actOne = new byte[NoiseProtocol.ActOneLength];
        await new NetworkStream(accepted).ReadExactlyAsync(actOne, TestContext.Current.CancellationToken).AsTask().Within();
        time.Advance(TimeSpan.FromSeconds(10));

        var error = await connecting.FailsWith<HandshakeException>();
        Assert.Equal(2, error.Act);
        Assert.Equal(HandshakeFailure.Timeout, error.Failure);
    }

    [Fact]
    public async Task Closed_port_is_reported_as_unreachable()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var address = new PeerAddress(SecretKey.Generate().PublicKey, "127.0.0.1", port);

        var error = await NoiseConnection.ConnectAsync(address, SecretKey.Generate(), cancellationToken: TestContext.Current.CancellationToken)
            .FailsWith<TransportException>();

        Assert.Equal(TransportFailure.Unreachable, error.Failure);
    }

    private static Task<HandshakeException> WatchFailures(NoiseListener listener)
    {
        var seen = new TaskCompletionSource<HandshakeException>(TaskCreationOptions.RunContinuationsAsynchronously);
        listener.HandshakeFailed += (_, e) => seen.TrySetResult(e);
        return seen.Task;
    }
}
