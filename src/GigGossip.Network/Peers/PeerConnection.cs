using GigGossip.Network.Tcp;
using System.Buffers.Binary;
using System.Threading.Channels;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Network.Peers;

/// <summary>
/// A live peer on top of a <see cref="NoiseConnection"/>: a bounded send queue drained by one writer,
/// a reader that delivers frames to <see cref="Frames"/> and answers pings, and a keepalive timer.
/// Wire format: see <see cref="PeerMessageType"/>. Backpressure: when the send queue is full,
/// <see cref="SendAsync"/> waits; if it stays full for <see cref="PeerConnectionOptions.SendQueueFullTimeout"/>
/// the peer is dropped (<see cref="TransportFailure.SendQueueFull"/>). Any failure closes the peer once:
/// <see cref="Closed"/> then yields the reason, <see cref="Frames"/> completes, queued frames are discarded.
/// </summary>
public sealed class PeerConnection : IAsyncDisposable
{
    private const int PingLength = 1 + sizeof(ulong);

    private readonly NoiseConnection _connection;
    private readonly PeerConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<byte[]> _outbound;
    private readonly Channel<byte[]> _inbound;
    private readonly Channel<PeerExchangeMessage> _exchange;
    private readonly PendingPings _pings;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<TransportException> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer? _keepalive;
    private readonly Task _writer;
    private readonly Task _reader;
    private long _lastReceivedAt;
    private long _keepalivePingSentAt = -1;
    private ulong _keepalivePingId;
    private volatile bool _deliveringFrame;

    private PeerConnection(NoiseConnection connection, PeerConnectionOptions options)
    {
        _connection = connection;
        _options = options;
        _time = options.TimeProvider;
        _pings = new PendingPings(_time);
        _outbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.SendQueueCapacity) { SingleReader = true });
        _inbound = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.ReceiveQueueCapacity) { SingleWriter = true });
        _exchange = Channel.CreateBounded<PeerExchangeMessage>(new BoundedChannelOptions(Math.Max(1, options.ExchangeQueueCapacity)) { SingleWriter = true, FullMode = BoundedChannelFullMode.DropWrite });
        _lastReceivedAt = _time.GetTimestamp();
        _writer = Task.Run(WriteLoopAsync);
        _reader = Task.Run(ReadLoopAsync);
        if (options.PingInterval != Timeout.InfiniteTimeSpan)
            _keepalive = _time.CreateTimer(_ => OnKeepaliveTick(), null, options.PingInterval, options.PingInterval);
    }

    /// <summary>Takes over an established connection and starts its reader, writer and keepalive.</summary>
    public static PeerConnection Start(NoiseConnection connection, PeerConnectionOptions? options = null) =>
        new(connection, options ?? PeerConnectionOptions.Default);

    /// <summary>The peer's authenticated x-only node id.</summary>
    public PublicKey RemoteNodeId => _connection.RemoteNodeId;

    /// <summary>The underlying connection (remote key, end point, initiator or not).</summary>
    public NoiseConnection Connection => _connection;

    /// <summary>Frames from the peer in order; completes when the peer is closed.</summary>
    public ChannelReader<byte[]> Frames => _inbound.Reader;

    /// <summary>
    /// Peer-exchange messages from the peer (requests for addresses, lists of records), in order; completes when the peer is
    /// closed. Holds at most <see cref="PeerConnectionOptions.ExchangeQueueCapacity"/>: more arriving before they are read are dropped.
    /// </summary>
    public ChannelReader<PeerExchangeMessage> Exchange => _exchange.Reader;

    /// <summary>Completes once, with the reason, when the peer is closed (<see cref="TransportFailure.Closed"/> when by us).</summary>
    public Task<TransportException> Closed => _closed.Task;

    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>Messages (frames, pings, pongs) waiting in the send queue.</summary>
    public int QueuedMessages => _outbound.Reader.Count;

    /// <summary>Raised (on the reader's thread) with the round trip each time a pong answers one of our pings.</summary>
    public event Action<TimeSpan>? PongReceived;

    /// <summary>Queues one frame (copied) for sending; waits while the queue is full.</summary>
    /// <exception cref="TransportException">The peer is closed, or was dropped because the queue stayed full.</exception>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        if (frame.Length > PeerConnectionOptions.MaxFrameLength)
            throw new ArgumentException($"frame is {frame.Length} bytes; the limit is {PeerConnectionOptions.MaxFrameLength}", nameof(frame));
        await EnqueueAsync(Typed(PeerMessageType.Frame, frame.Span), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the peer for addresses it knows (<see cref="PeerMessageType.PeerRecordsRequest"/>).</summary>
    /// <exception cref="TransportException">The peer is closed, or was dropped because the queue stayed full.</exception>
    public ValueTask RequestRecordsAsync(CancellationToken cancellationToken = default) =>
        EnqueueAsync([(byte)PeerMessageType.PeerRecordsRequest], cancellationToken);

    /// <summary>Sends signed peer records: <paramref name="body"/> is a protobuf <c>PeerRecordList</c> (see <see cref="PeerRecordsCodec"/>).</summary>
    /// <exception cref="TransportException">The peer is closed, or was dropped because the queue stayed full.</exception>
    public async ValueTask SendRecordsAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        if (body.Length > PeerConnectionOptions.MaxPeerRecordsLength)
            throw new ArgumentException($"peer records are {body.Length} bytes; the limit is {PeerConnectionOptions.MaxPeerRecordsLength}", nameof(body));
        await EnqueueAsync(Typed(PeerMessageType.PeerRecords, body.Span), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One message on the wire: its type byte, then <paramref name="body"/> (copied).</summary>
    private static byte[] Typed(PeerMessageType type, ReadOnlySpan<byte> body)
    {
        var message = new byte[body.Length + 1];
        message[0] = (byte)type;
        body.CopyTo(message.AsSpan(1));
        return message;
    }

    /// <summary>Sends a ping and returns the round trip when its pong arrives.</summary>
    /// <exception cref="TransportException">The peer closed before answering.</exception>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var (id, answer) = _pings.Start();
        try
        {
            await EnqueueAsync(Ping(PeerMessageType.Ping, id), cancellationToken).ConfigureAwait(false);
            return await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ThrowIfClosed();
            throw;
        }
        finally
        {
            _pings.Forget(id);
        }
    }

    /// <summary>Closes the peer now; frames still queued are discarded.</summary>
    public async ValueTask DisposeAsync()
    {
        Close(new TransportException(TransportFailure.Closed, "the peer connection was closed locally"));
        await Task.WhenAll(_writer, _reader).ConfigureAwait(false);
    }

    private async ValueTask EnqueueAsync(byte[] message, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        if (_outbound.Writer.TryWrite(message)) return;
        using var full = new CancellationTokenSource(_options.SendQueueFullTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, full.Token);
        try
        {
            await _outbound.Writer.WriteAsync(message, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (full.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var reason = new TransportException(TransportFailure.SendQueueFull,
                $"the send queue to {RemoteNodeId} stayed full ({_options.SendQueueCapacity} frames) for {_options.SendQueueFullTimeout.TotalSeconds:0.###} s; the peer is dropped");
            Close(reason);
            throw reason;
        }
        catch (ChannelClosedException)
        {
            ThrowIfClosed();
            throw;
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var message in _outbound.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                await _connection.SendAsync(message, _stop.Token).ConfigureAwait(false);
        }
        catch (TransportException e)
        {
            Close(e);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var message = await _connection.ReceiveAsync(_stop.Token).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastReceivedAt, _time.GetTimestamp());
                await DispatchAsync(message).ConfigureAwait(false);
            }
        }
        catch (TransportException e)
        {
            Close(e);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException && _stop.IsCancellationRequested)
        {
        }
    }

    private async ValueTask DispatchAsync(byte[] message)
    {
        if (message.Length == 0) throw Violation("an empty message");
        switch ((PeerMessageType)message[0])
        {
            case PeerMessageType.Frame:
                _deliveringFrame = true;
                try
                {
                    await _inbound.Writer.WriteAsync(message[1..], _stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    _deliveringFrame = false;
                }
                break;
            case PeerMessageType.Ping when message.Length == PingLength:
                // A pong that does not fit in a full queue is skipped: the data queued ahead of it proves we are alive.
                message[0] = (byte)PeerMessageType.Pong;
                _outbound.Writer.TryWrite(message);
                break;
            case PeerMessageType.Pong when message.Length == PingLength:
                if (_pings.Answer(BinaryPrimitives.ReadUInt64BigEndian(message.AsSpan(1))) is { } roundTrip)
                    PongReceived?.Invoke(roundTrip);
                break;
            case PeerMessageType.PeerRecordsRequest when message.Length == 1:
                _exchange.Writer.TryWrite(new PeerExchangeMessage(PeerMessageType.PeerRecordsRequest, []));
                break;
            case PeerMessageType.PeerRecords when message.Length - 1 <= PeerConnectionOptions.MaxPeerRecordsLength:
                _exchange.Writer.TryWrite(new PeerExchangeMessage(PeerMessageType.PeerRecords, message[1..]));
                break;
            case PeerMessageType.PeerRecordsRequest:
                throw Violation($"a request for peer records with a {message.Length - 1}-byte body (expected none)");
            case PeerMessageType.PeerRecords:
                throw Violation($"peer records of {message.Length - 1} bytes (the limit is {PeerConnectionOptions.MaxPeerRecordsLength})");
            case PeerMessageType.Ping or PeerMessageType.Pong:
                throw Violation($"a {(PeerMessageType)message[0]} of {message.Length} bytes (expected {PingLength})");
            default:
                throw Violation($"unknown message type 0x{message[0]:x2}");
        }
    }

    private void OnKeepaliveTick()
    {
        if (IsClosed) return;
        var sentAt = Interlocked.Read(ref _keepalivePingSentAt);
        if (sentAt >= 0 && Interlocked.Read(ref _lastReceivedAt) < sentAt && !_deliveringFrame)
        {
            Close(new TransportException(TransportFailure.PingTimeout,
                $"nothing from {RemoteNodeId} within {_options.PingInterval.TotalSeconds:0.###} s of a ping; the peer is dropped"));
            return;
        }
        _pings.Forget(_keepalivePingId);
        var (id, _) = _pings.Start();
        _keepalivePingId = id;
        if (_outbound.Writer.TryWrite(Ping(PeerMessageType.Ping, id)))
        {
            Interlocked.Exchange(ref _keepalivePingSentAt, _time.GetTimestamp());
        }
        else
        {
            // The queue is full of frames, which keep the link busy; no ping is owed this round.
            _pings.Forget(id);
            Interlocked.Exchange(ref _keepalivePingSentAt, -1);
        }
    }

    private static byte[] Ping(PeerMessageType type, ulong id)
    {
        var message = new byte[PingLength];
        message[0] = (byte)type;
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(1), id);
        return message;
    }

    private TransportException Violation(string what) =>
        new(TransportFailure.ProtocolViolation, $"{RemoteNodeId} sent {what}; the peer is dropped");

    private void Close(TransportException reason)
    {
        if (!_closed.TrySetResult(reason)) return;
        _keepalive?.Dispose();
        _outbound.Writer.TryComplete();
        _inbound.Writer.TryComplete();
        _exchange.Writer.TryComplete();
        _stop.Cancel();
        _connection.Dispose();
        _pings.CancelAll();
    }

    private void ThrowIfClosed()
    {
        if (_closed.Task.IsCompleted)
        {
            var reason = _closed.Task.Result;
            throw new TransportException(TransportFailure.Closed, $"the peer connection is closed: {reason.Message}", reason);
        }
    }
}
