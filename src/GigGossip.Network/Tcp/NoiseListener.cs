using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Network.Tcp;

/// <summary>
/// Listens for TCP connections and runs the responder handshake on each one concurrently (at most
/// <see cref="MaxPendingHandshakes"/> at once, at most <see cref="NoiseConnectionOptions.MaxPendingHandshakesPerAddress"/>
/// of them from one IP address, each bounded by the handshake timeout), so a slow or hostile client never holds up
/// the others and one host cannot take every slot. <see cref="AcceptAsync"/> hands out the connections whose
/// handshake succeeded; failed ones are closed and reported through <see cref="HandshakeFailed"/>.
/// </summary>
public sealed class NoiseListener : IAsyncDisposable
{
    public const int MaxPendingHandshakes = 64;

    private readonly Socket _socket;
    private readonly SecretKey _localKey;
    private readonly NoiseConnectionOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<NoiseConnection> _accepted = Channel.CreateBounded<NoiseConnection>(MaxPendingHandshakes);
    private readonly SemaphoreSlim _pending = new(MaxPendingHandshakes, MaxPendingHandshakes);
    private readonly Dictionary<IPAddress, int> _pendingByAddress = [];
    private readonly Task _acceptLoop;

    private NoiseListener(Socket socket, SecretKey localKey, NoiseConnectionOptions options)
    {
        _socket = socket;
        _localKey = localKey;
        _options = options;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        Address = new PeerAddress(localKey.PublicKey, LocalEndPoint.Address.ToString(), LocalEndPoint.Port);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>This node's <c>pubkey@host:port</c>, as peers should dial it.</summary>
    public PeerAddress Address { get; }

    /// <summary>Raised (on a pool thread) for each incoming connection whose handshake failed; the connection is already closed.</summary>
    public event Action<EndPoint?, HandshakeException>? HandshakeFailed;

    /// <summary>Starts listening on <paramref name="endPoint"/>, by default 127.0.0.1 on a free port.</summary>
    /// <exception cref="TransportException">The address cannot be bound.</exception>
    public static NoiseListener Start(SecretKey localKey, IPEndPoint? endPoint = null, NoiseConnectionOptions? options = null)
    {
        endPoint ??= new IPEndPoint(IPAddress.Loopback, 0);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(128);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new TransportException(TransportFailure.IoError, $"cannot listen on {endPoint}: {e.Message}", e);
        }
        return new NoiseListener(socket, localKey, options ?? NoiseConnectionOptions.Default);
    }

    /// <summary>The next connection whose handshake succeeded.</summary>
    /// <exception cref="TransportException">The listener has stopped (<see cref="TransportFailure.Closed"/>) or its socket failed.</exception>
    public async Task<NoiseConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw e.InnerException as TransportException ?? new TransportException(TransportFailure.Closed, "the listener has stopped", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        while (_accepted.Reader.TryRead(out var unclaimed)) await unclaimed.DisposeAsync().ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                await _pending.WaitAsync(_stop.Token).ConfigureAwait(false);
                var client = await _socket.AcceptAsync(_stop.Token).ConfigureAwait(false);
                client.NoDelay = true;
                var address = (client.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
                if (TryReserve(address)) _ = HandshakeAsync(client, address);
                else Refuse(client, address);
            }
        }
        catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            failure = new TransportException(TransportFailure.IoError, $"listening on {LocalEndPoint} failed: {e.Message}", e);
        }
        _accepted.Writer.TryComplete(failure);
    }

    private bool TryReserve(IPAddress address)
    {
        lock (_pendingByAddress)
        {
            var pending = _pendingByAddress.GetValueOrDefault(address);
            if (pending >= _options.MaxPendingHandshakesPerAddress) return false;
            _pendingByAddress[address] = pending + 1;
            return true;
        }
    }

    private void Unreserve(IPAddress address)
    {
        lock (_pendingByAddress)
        {
            if (_pendingByAddress[address] == 1) _pendingByAddress.Remove(address);
            else _pendingByAddress[address]--;
        }
    }

    /// <summary>Closes a connection from an address that already has its share of handshakes in progress.</summary>
    private void Refuse(Socket client, IPAddress address)
    {
        var remote = client.RemoteEndPoint;
        client.Dispose();
        _pending.Release();
        HandshakeFailed?.Invoke(remote, new HandshakeException(1, HandshakeFailure.TooManyPending,
            $"{address} already has {_options.MaxPendingHandshakesPerAddress} handshakes in progress; the connection is closed"));
    }

    private async Task HandshakeAsync(Socket client, IPAddress address)
    {
        var remote = client.RemoteEndPoint;
        try
        {
            var connection = await NoiseConnection.AcceptAsync(new NetworkStream(client, ownsSocket: true), _localKey, _options, remote, _stop.Token).ConfigureAwait(false);
            if (!_accepted.Writer.TryWrite(connection) && !await TryWriteAsync(connection).ConfigureAwait(false))
                await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (HandshakeException e)
        {
            HandshakeFailed?.Invoke(remote, e);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            Unreserve(address);
            _pending.Release();
        }
    }

    private async Task<bool> TryWriteAsync(NoiseConnection connection)
    {
        try
        {
            await _accepted.Writer.WriteAsync(connection, _stop.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return false;
        }
    }
}
