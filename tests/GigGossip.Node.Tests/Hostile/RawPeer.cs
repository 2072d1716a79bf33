using System.Net;
using System.Net.Sockets;
using GigGossip.Network.Tcp;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Tests.Hostile;

/// <summary>
/// A hostile peer at the byte level: a plain TCP socket to 127.0.0.1 that writes whatever it is told, with
/// <see cref="NoiseHandshake"/> and <see cref="NoiseTransport"/> from the network layer when it has to complete
/// BOLT 8 (to be let in) before it misbehaves.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private NoiseTransport? _transport;

    private RawPeer(Socket socket) => _socket = socket;

    public SecretKey Key { get; } = SecretKey.Generate();

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Opens a TCP connection (from <paramref name="from"/>, another loopback address, when given) and sends nothing yet.</summary>
    public static async Task<RawPeer> ConnectAsync(PeerAddress node, IPAddress? from = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (from is not null) socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(IPAddress.Parse(node.Host), node.Port, TestContext.Current.CancellationToken);
        return new RawPeer(socket);
    }

    /// <summary>Writes raw bytes, whatever state the connection is in.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes) =>
        await _socket.SendAsync(bytes, SocketFlags.None, TestContext.Current.CancellationToken);

    /// <summary>Runs the initiator's three acts against <paramref name="node"/>, so the node lets this peer in.</summary>
    public async Task HandshakeAsync(PeerAddress node)
    {
        var handshake = NoiseHandshake.Initiator(Key, node.StaticKey);
        await SendRawAsync(handshake.WriteActOne());
        handshake.ReadActTwo(await ReadExactlyAsync(NoiseProtocol.ActTwoLength));
        await SendRawAsync(handshake.WriteActThree());
        _transport = handshake.Transport;
    }

    /// <summary>One properly encrypted BOLT 8 message (type byte included by the caller).</summary>
    public Task SendMessageAsync(byte[] message) => SendRawAsync(Transport.Encrypt(message));

    /// <summary>
    /// Only the 18-byte encrypted header of a message of <paramref name="length"/> bytes, as if the body were to follow:
    /// a receiver that trusted the prefix would wait for (or allocate) that much.
    /// </summary>
    public Task SendLengthPrefixOnlyAsync(int length) =>
        SendRawAsync(Transport.Encrypt(new byte[length]).AsMemory(0, NoiseProtocol.EncryptedHeaderLength));

    /// <summary>Reads and discards until the node closes the connection; returns how many bytes came first.</summary>
    public async Task<long> ReadUntilClosedAsync()
    {
        var buffer = new byte[4096];
        long total = 0;
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken).AsTask().Within();
                if (read == 0) return total;
                total += read;
            }
        }
        catch (SocketException)
        {
            return total;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _transport?.Dispose();
        return ValueTask.CompletedTask;
    }

    private NoiseTransport Transport => _transport ?? throw new InvalidOperationException("complete the handshake first");

    private async Task<byte[]> ReadExactlyAsync(int length)
    {
        var buffer = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await _socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, TestContext.Current.CancellationToken).AsTask().Within();
            if (n == 0) throw new IOException($"the node closed after {read} of {length} bytes");
            read += n;
        }
        return buffer;
    }
}
