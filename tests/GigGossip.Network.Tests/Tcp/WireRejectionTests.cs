using GigGossip.Network.Tcp;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Network.Tests.Tcp;

/// <summary>A hand-driven initiator sends broken messages after a good handshake; the real responder must drop it.</summary>
public sealed class WireRejectionTests
{
    [Fact]
    public async Task Oversized_length_prefix_is_refused_before_the_body_is_read()
    {
        var (listener, raw, server) = await ConnectRawAsync(new NoiseConnectionOptions { MaxMessageLength = 1024 });
        await using var _ = listener;
        await using var __ = raw;
        var wire = raw.Transport!.Encrypt(new byte[2000]);

        await raw.WriteAsync(wire.AsMemory(0, NoiseProtocol.EncryptedHeaderLength)); // the body never comes

        var error = await server.ReceiveAsync(TestContext.Current.CancellationToken).FailsWith<TransportException>();
        Assert.Equal(TransportFailure.MessageTooLarge, error.Failure);
        Assert.True(await raw.ClosedByPeerAsync());
    }

    [Fact]
    public async Task Message_at_the_configured_limit_is_accepted()
    {
        var (listener, raw, server) = await ConnectRawAsync(new NoiseConnectionOptions { MaxMessageLength = 1024 });
        await using var _ = listener;
        await using var __ = raw;

        await raw.WriteAsync(raw.Transport!.Encrypt(new byte[1024]));

        Assert.Equal(1024, (await server.ReceiveAsync(TestContext.Current.CancellationToken).Within()).Length);
    }

    [Theory]
    [InlineData(5)]   // inside the 18-byte header
    [InlineData(30)]  // inside the body
    public async Task Stream_cut_mid_message_gives_a_clean_truncation_error(int bytesSent)
    {
        var (listener, raw, server) = await ConnectRawAsync();
        await using var _ = listener;
        await using var __ = raw;
        var wire = raw.Transport!.Encrypt(new byte[100]);

        await raw.WriteAsync(wire.AsMemory(0, bytesSent));
        raw.ShutdownSend();

        var error = await server.ReceiveAsync(TestContext.Current.CancellationToken).FailsWith<TransportException>();
        Assert.Equal(TransportFailure.Truncated, error.Failure);
        Assert.True(server.IsClosed);
    }

    [Fact]
    public async Task Tampered_body_on_the_wire_drops_the_connection()
    {
        var (listener, raw, server) = await ConnectRawAsync();
        await using var _ = listener;
        await using var __ = raw;
        var wire = raw.Transport!.Encrypt(new byte[100]);
        wire[40] ^= 0x80;

        await raw.WriteAsync(wire);

        var error = await server.ReceiveAsync(TestContext.Current.CancellationToken).FailsWith<TransportException>();
        Assert.Equal(TransportFailure.BadTag, error.Failure);
        Assert.True(await raw.ClosedByPeerAsync());
        var after = await server.ReceiveAsync(TestContext.Current.CancellationToken).FailsWith<TransportException>();
        Assert.Equal(TransportFailure.Closed, after.Failure);
    }

    private static async Task<(NoiseListener Listener, RawPeer Raw, NoiseConnection Server)> ConnectRawAsync(NoiseConnectionOptions? serverOptions = null)
    {
        var listener = NoiseListener.Start(SecretKey.Generate(), options: serverOptions);
        var raw = await RawPeer.HandshakeAsync(listener, SecretKey.Generate());
        var server = await listener.AcceptAsync(TestContext.Current.CancellationToken).Within();
        return (listener, raw, server);
    }
}
