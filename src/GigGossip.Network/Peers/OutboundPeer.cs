using GigGossip.Network.Tcp;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Network.Peers;

/// <summary>
/// Keeps one outbound peer connected: dials its address, hands each established connection to a
/// session, and after a failed attempt or a lost connection waits as <see cref="ReconnectPolicy"/>
/// says (on <see cref="PeerConnectionOptions.TimeProvider"/>) before dialling again. A successful
/// handshake resets the failure count.
/// </summary>
public sealed class OutboundPeer(
    PeerAddress address,
    SecretKey localKey,
    ReconnectPolicy? policy = null,
    PeerConnectionOptions? peerOptions = null,
    NoiseConnectionOptions? connectionOptions = null,
    Random? random = null)
{
    private readonly ReconnectPolicy _policy = policy ?? ReconnectPolicy.Default;
    private readonly PeerConnectionOptions _peerOptions = peerOptions ?? PeerConnectionOptions.Default;
    private readonly Random _random = random ?? Random.Shared;

    public PeerAddress Address { get; } = address;

    /// <summary>Raised before each wait, with the reason and the delay chosen.</summary>
    public event Action<PeerRetry>? RetryScheduled;

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled (then throws <see cref="OperationCanceledException"/>).
    /// <paramref name="session"/> runs once per established connection (typically reading
    /// <see cref="PeerConnection.Frames"/> until it completes); when it returns the connection is closed and,
    /// after the policy's first delay, redialled. A <see cref="TransportException"/> from the session counts as
    /// a lost connection; any other exception ends the loop.
    /// </summary>
    public async Task RunAsync(Func<PeerConnection, CancellationToken, Task> session, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception reason;
            try
            {
                var connection = await NoiseConnection.ConnectAsync(Address, localKey, connectionOptions, cancellationToken).ConfigureAwait(false);
                failures = 0;
                await using var peer = PeerConnection.Start(connection, _peerOptions);
                await session(peer, cancellationToken).ConfigureAwait(false);
                reason = peer.IsClosed ? await peer.Closed.ConfigureAwait(false) : new TransportException(TransportFailure.Closed, "the session ended");
            }
            catch (Exception e) when (e is TransportException or HandshakeException)
            {
                reason = e;
            }
            failures++;
            var delay = _policy.Delay(failures, _random);
            var time = _peerOptions.TimeProvider;
            var scheduledAt = time.GetUtcNow();
            // The wait starts before anyone hears of it: a listener that moves the clock on at once cannot move it past a timer not yet set.
            var wait = Task.Delay(delay, time, cancellationToken);
            RetryScheduled?.Invoke(new PeerRetry(Address, failures, reason, delay, scheduledAt));
            await wait.ConfigureAwait(false);
        }
    }
}
