using GigGossip.Network.Tcp;
using System.Net.Sockets;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Network.Tests.Tcp;

/// <summary>
/// A hand-driven peer on a plain TCP socket: the test writes exactly the bytes it wants (garbage acts,
/// a header without its body, a cut-off message) to exercise the real listener and connection.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private RawPeer(TcpClient client)
    {
        Client = client;
        Stream = client.GetStream();
    }

    public TcpClient Client { get; }
    public NetworkStream Stream { get; }
    public NoiseTransport? Transport { get; private set; }

    public static async Task<RawPeer> ConnectAsync(NoiseListener listener)
    {
        var client = new TcpClient();
        await client.ConnectAsync(listener.LocalEndPoint, TestContext.Current.CancellationToken).Within();
        return new RawPeer(client);
    }

    /// <summary>Runs a correct initiator handshake by hand, keeping the transport for hand-made messages.</summary>
    public static async Task<RawPeer> HandshakeAsync(NoiseListener listener, SecretKey localKey)
    {
        var peer = await ConnectAsync(listener);
        var handshake = NoiseHandshake.Initiator(localKey, listener.Address.StaticKey);
        await peer.WriteAsync(handshake.WriteActOne());
        handshake.ReadActTwo(await peer.ReadExactlyAsync(NoiseProtocol.ActTwoLength));
        await peer.WriteAsync(handshake.WriteActThree());
        peer.Transport = handshake.Transport;
        return peer;
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        await Stream.WriteAsync(bytes, TestContext.Current.CancellationToken).Within();
        await Stream.FlushAsync(TestContext.Current.CancellationToken).Within();
    }

    public async Task<byte[]> ReadExactlyAsync(int length)
    {
        var buffer = new byte[length];
        await Stream.ReadExactlyAsync(buffer, TestContext.Current.CancellationToken).Within();
        return buffer;
    }

    /// <summary>True when the other side closed the connection without sending anything more.</summary>
    public async Task<bool> ClosedByPeerAsync()
    {
        var buffer = new byte[1];
        try
        {
            return await Stream.ReadAsync(buffer, TestContext.Current.CancellationToken).AsTask().Within() == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Ends our sending side (the other side reads end of stream) but keeps reading possible.</summary>
    public void ShutdownSend() => Client.Client.Shutdown(SocketShutdown.Send);

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        Transport?.Dispose();
        return ValueTask.CompletedTask;
    }
}
