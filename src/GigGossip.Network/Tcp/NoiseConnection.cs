using System.Buffers;
using System.Net;
using System.Net.Sockets;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Network.Tcp;

/// <summary>
/// A BOLT 8 encrypted, authenticated connection over a stream (usually TCP). Created by
/// <see cref="ConnectAsync"/> (initiator: proves that the peer owns the address's key) or
/// <see cref="AcceptAsync"/> (responder: learns the peer's key from act three).
/// One <see cref="SendAsync"/> and one <see cref="ReceiveAsync"/> may run at the same time; concurrent
/// calls of the same kind queue. Any failure, including cancelling a call in progress (the stream would be
/// out of step), drops the connection: every later call throws <see cref="TransportException"/>.
/// </summary>
public sealed class NoiseConnection : IAsyncDisposable, IDisposable
{
    /// <summary>What one read from the socket may take at once: a header and the messages behind it cost one system call, not two each.</summary>
    private const int ReadBufferBytes = 16 * 1024;

    private readonly Stream _stream;
    private readonly BufferedStream _reader;
    private readonly NoiseTransport _transport;
    private readonly int _maxMessageLength;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly SemaphoreSlim _receiveLock = new(1, 1);
    private readonly byte[] _header = new byte[NoiseProtocol.EncryptedHeaderLength];
    private readonly byte[] _remoteStaticKey;
    private TransportException? _failure;

    private NoiseConnection(Stream stream, NoiseHandshake handshake, int maxMessageLength, EndPoint? remoteEndPoint)
    {
        _stream = stream;
        _reader = new BufferedStream(stream, ReadBufferBytes);
        _transport = handshake.Transport;
        _remoteStaticKey = handshake.RemoteStaticKey;
        _maxMessageLength = maxMessageLength;
        IsInitiator = handshake.IsInitiator;
        RemoteEndPoint = remoteEndPoint;
        RemoteNodeId = PublicKey.FromBytes(_remoteStaticKey.AsSpan(1));
    }

    /// <summary>The peer's authenticated 33-byte compressed static key.</summary>
    public ReadOnlySpan<byte> RemoteStaticKey => _remoteStaticKey;

    /// <summary>The peer's x-only node id (whoever owns 02||x or 03||x owns x).</summary>
    public PublicKey RemoteNodeId { get; }

    public bool IsInitiator { get; }

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>True once the connection has failed or been closed.</summary>
    public bool IsClosed => Volatile.Read(ref _failure) is not null;

    /// <summary>Why the connection closed, when it has.</summary>
    public TransportException? Failure => Volatile.Read(ref _failure);

    /// <summary>Connects over TCP to <paramref name="address"/> and runs the handshake as initiator.</summary>
    /// <exception cref="TransportException">The host cannot be reached (<see cref="TransportFailure.Unreachable"/>).</exception>
    /// <exception cref="HandshakeException">The handshake failed, e.g. the node there does not own the address's key.</exception>
    public static async Task<NoiseConnection> ConnectAsync(PeerAddress address, SecretKey localKey, NoiseConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= NoiseConnectionOptions.Default;
        using var timeout = new CancellationTokenSource(options.HandshakeTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = await TcpDialer.ConnectAsync(address, options.HandshakeTimeout, timeout, linked.Token).ConfigureAwait(false);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var handshake = NoiseHandshake.Initiator(localKey, address.StaticKey);
        return await HandshakeAsync(stream, handshake, options, timeout, linked.Token, socket.RemoteEndPoint).ConfigureAwait(false);
    }

    /// <summary>Runs the handshake as initiator over an already open stream, which the connection then owns.</summary>
    public static async Task<NoiseConnection> InitiateAsync(Stream stream, SecretKey localKey, ReadOnlyMemory<byte> remoteStaticKey, NoiseConnectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= NoiseConnectionOptions.Default;
        using var timeout = new CancellationTokenSource(options.HandshakeTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        return await HandshakeAsync(stream, NoiseHandshake.Initiator(localKey, remoteStaticKey.Span), options, timeout, linked.Token, null).ConfigureAwait(false);
    }

    /// <summary>Runs the handshake as responder over an accepted stream, which the connection then owns.</summary>
    /// <exception cref="HandshakeException">The initiator's acts were bad, late or cut short; the stream is closed.</exception>
    public static async Task<NoiseConnection> AcceptAsync(Stream stream, SecretKey localKey, NoiseConnectionOptions? options = null, EndPoint? remoteEndPoint = null, CancellationToken cancellationToken = default)
    {
        options ??= NoiseConnectionOptions.Default;
        using var timeout = new CancellationTokenSource(options.HandshakeTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        return await HandshakeAsync(stream, NoiseHandshake.Responder(localKey), options, timeout, linked.Token, remoteEndPoint).ConfigureAwait(false);
    }

    /// <summary>Encrypts and writes one message (at most <see cref="NoiseConnectionOptions.MaxMessageLength"/> bytes).</summary>
    /// <exception cref="TransportException">The connection is closed or the write failed (the connection is then dropped).</exception>
    public async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        if (message.Length > _maxMessageLength)
            throw new ArgumentException($"message is {message.Length} bytes; the limit is {_maxMessageLength}", nameof(message));
        ThrowIfClosed();
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(NoiseProtocol.EncryptedMessageLength(message.Length));
        try
        {
            ThrowIfClosed();
            var length = _transport.Encrypt(message.Span, buffer);
            await _stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not TransportException)
        {
            throw Drop(Translate(e, "sending"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _sendLock.Release();
        }
    }

    /// <summary>Reads and decrypts the next message.</summary>
    /// <exception cref="TransportException">
    /// The peer closed (<see cref="TransportFailure.PeerClosed"/>), the stream ended mid-message
    /// (<see cref="TransportFailure.Truncated"/>), a tag failed (<see cref="TransportFailure.BadTag"/>), or the
    /// announced length is above the limit (<see cref="TransportFailure.MessageTooLarge"/>). The connection is dropped.
    /// </exception>
    public async Task<byte[]> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        await _receiveLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            var read = await _reader.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new TransportException(TransportFailure.PeerClosed, "the peer closed the connection");
            if (read < _header.Length) throw Truncated(read, _header.Length, "message header");
            var length = _transport.DecryptHeader(_header);
            if (length > _maxMessageLength)
                throw new TransportException(TransportFailure.MessageTooLarge, $"the peer announced a {length}-byte message; the limit is {_maxMessageLength}");
            var body = new byte[length + NoiseProtocol.TagLength];
            read = await _reader.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < body.Length) throw Truncated(read, body.Length, "message body");
            return _transport.DecryptBody(body);
        }
        catch (TransportException e)
        {
            throw Drop(e);
        }
        catch (Exception e)
        {
            throw Drop(Translate(e, "receiving"));
        }
        finally
        {
            _receiveLock.Release();
        }
    }

    /// <summary>Closes the connection; calls in progress fail with <see cref="TransportFailure.Closed"/>.</summary>
    public void Dispose() => Drop(new TransportException(TransportFailure.Closed, "the connection was closed locally"));

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<NoiseConnection> HandshakeAsync(Stream stream, NoiseHandshake handshake, NoiseConnectionOptions options, CancellationTokenSource timeout, CancellationToken cancellationToken, EndPoint? remoteEndPoint)
    {
        var act = 1;
        try
        {
            if (handshake.IsInitiator)
            {
                await WriteActAsync(stream, handshake.WriteActOne(), cancellationToken).ConfigureAwait(false);
                act = 2;
                handshake.ReadActTwo(await ReadActAsync(stream, 2, NoiseProtocol.ActTwoLength, cancellationToken).ConfigureAwait(false));
                act = 3;
                await WriteActAsync(stream, handshake.WriteActThree(), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                handshake.ReadActOne(await ReadActAsync(stream, 1, NoiseProtocol.ActOneLength, cancellationToken).ConfigureAwait(false));
                act = 2;
                await WriteActAsync(stream, handshake.WriteActTwo(), cancellationToken).ConfigureAwait(false);
                act = 3;
                handshake.ReadActThree(await ReadActAsync(stream, 3, NoiseProtocol.ActThreeLength, cancellationToken).ConfigureAwait(false));
            }
            return new NoiseConnection(stream, handshake, options.MaxMessageLength, remoteEndPoint);
        }
        catch (Exception e)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (e is HandshakeException) throw;
            if (e is OperationCanceledException && timeout.IsCancellationRequested)
                throw new HandshakeException(act, HandshakeFailure.Timeout, $"no answer within {options.HandshakeTimeout.TotalSeconds:0.###} s", e);
            if (e is OperationCanceledException) throw;
            if (e is IOException or SocketException or ObjectDisposedException)
                throw new HandshakeException(act, HandshakeFailure.IoError, e.Message, e);
            throw;
        }
    }

    private static async Task WriteActAsync(Stream stream, byte[] act, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(act, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadActAsync(Stream stream, int number, int length, CancellationToken cancellationToken)
    {
        var act = new byte[length];
        var read = await stream.ReadAtLeastAsync(act, length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < length)
        {
            var hint = number == 2 && read == 0 ? " (does the node at this address own the key we expect?)" : "";
            throw new HandshakeException(number, HandshakeFailure.ConnectionClosed, $"the peer closed the connection after {read} of {length} bytes{hint}");
        }
        return act;
    }

    private static TransportException Truncated(int read, int expected, string what) =>
        new(TransportFailure.Truncated, $"the stream ended after {read} of {expected} bytes of a {what}");

    private TransportException Translate(Exception e, string doing)
    {
        if (Failure is { } closed) return closed;
        return e switch
        {
            OperationCanceledException => new TransportException(TransportFailure.Closed, $"{doing} was cancelled; the connection is dropped", e),
            IOException or SocketException or ObjectDisposedException => new TransportException(TransportFailure.IoError, $"{doing} failed: {e.Message}", e),
            _ => new TransportException(TransportFailure.IoError, $"{doing} failed: {e.GetType().Name}: {e.Message}", e),
        };
    }

    /// <summary>Records the first failure and closes the stream (which aborts any call in progress).</summary>
    private TransportException Drop(TransportException failure)
    {
        if (Interlocked.CompareExchange(ref _failure, failure, null) is null) _stream.Dispose();
        return failure;
    }

    private void ThrowIfClosed()
    {
        if (Failure is { } failure) throw new TransportException(TransportFailure.Closed, $"the connection is closed: {failure.Message}", failure);
    }
}
