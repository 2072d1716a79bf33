using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GigGossip.Lnd.Rest;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Lnd;

public sealed partial class LndHodlWallet
{
    private readonly object _gate = new();
    private readonly List<Channel<WalletEvent>> _watchers = [];
    private readonly Dictionary<PaymentHash, Task> _invoiceFollowers = [];
    private readonly Dictionary<PaymentHash, Task> _paymentFollowers = [];
    private readonly CancellationTokenSource _stop = new();
    private bool _disposed;

    /// <summary>How many times a stream was opened again after it broke: what a test of LND restarts looks at.</summary>
    public int Resubscriptions => _resubscriptions;

    private int _resubscriptions;

    /// <summary>Subscribes now (before the first MoveNext), so nothing that happens after the call is missed.</summary>
    public IAsyncEnumerable<WalletEvent> WatchAsync(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<WalletEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _watchers.Add(channel);
        }
        return Read(channel, cancellationToken);
    }

    private async IAsyncEnumerable<WalletEvent> Read(Channel<WalletEvent> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var walletEvent in channel.Reader.ReadAllAsync(cancellationToken)) yield return walletEvent;
        }
        finally
        {
            lock (_gate) _watchers.Remove(channel);
        }
    }

    private void Publish(WalletEvent walletEvent)
    {
        lock (_gate)
            foreach (var watcher in _watchers) watcher.Writer.TryWrite(walletEvent);
    }

    /// <summary>Follows an invoice not yet final on SubscribeSingleInvoice, from the state the caller just saw.</summary>
    private void FollowInvoice(HodlInvoice seen)
    {
        if (seen.State.IsFinal()) return;
        Follow(_invoiceFollowers, seen.PaymentHash, () => FollowAsync(
            "/v2/invoices/subscribe/" + LndJson.UrlBytes(seen.PaymentHash.ToArray()), HttpMethod.Get, seen.State,
            async (LnInvoice update) =>
            {
                var invoice = ToInvoice(update);
                return (invoice.State, invoice.State.IsFinal(), new InvoiceUpdated(invoice, Now));
            }));
    }

    /// <summary>Follows a payment not yet final on TrackPaymentV2, from the state the caller just saw.</summary>
    private void FollowPayment(HodlPayment seen)
    {
        if (seen.State != PaymentState.InFlight) return;
        Follow(_paymentFollowers, seen.PaymentHash, () => FollowAsync(TrackPath(seen.PaymentHash), HttpMethod.Get, seen.State,
            async (LnPayment update) =>
            {
                var payment = LndMapping.ToPayment(update, AccountId, Now, await HeightAsync(_stop.Token));
                return (payment.State, payment.State != PaymentState.InFlight, new PaymentUpdated(payment, Now));
            }));
    }

    private void Follow(Dictionary<PaymentHash, Task> followers, PaymentHash hash, Func<Task> follow)
    {
        lock (_gate)
        {
            if (_disposed || followers.TryGetValue(hash, out var running) && !running.IsCompleted) return;
            followers[hash] = Task.Run(follow);
        }
    }

    /// <summary>
    /// Reads the stream, publishing each new state once; when the stream ends or breaks before a final state (LND restarted),
    /// opens it again after a growing pause: its first update is the current state, so a change made while it was down is
    /// reported then. Ends at a final state or when the wallet is disposed.
    /// </summary>
    private async Task FollowAsync<TUpdate, TState>(string path, HttpMethod method, TState seen, Func<TUpdate, Task<(TState State, bool Final, WalletEvent Event)>> read)
        where TState : struct, Enum
    {
        var delay = _options.MinReconnectDelay;
        var last = seen;
        var first = true;
        while (!_stop.IsCancellationRequested)
        {
            if (!first) Interlocked.Increment(ref _resubscriptions);
            first = false;
            try
            {
                await foreach (var update in _client.StreamAsync<TUpdate>(method, path, null, _stop.Token))
                {
                    delay = _options.MinReconnectDelay;
                    var (state, final, walletEvent) = await read(update);
                    if (!EqualityComparer<TState>.Default.Equals(state, last)) Publish(walletEvent);
                    last = state;
                    if (final) return;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is LndApiException or LndUnreachableException or WalletException or HttpRequestException or IOException)
            {
            }
            try
            {
                await Task.Delay(delay, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var watcher in _watchers) watcher.Writer.TryComplete();
        }
        _stop.Cancel();
        _client.Dispose();
    }
}
