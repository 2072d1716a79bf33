using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments.Ledger;

/// <summary>
/// Hosts a <see cref="HodlLedger"/> for concurrent callers: serialises every call, takes the time from a
/// <see cref="TimeProvider"/> (a fake one in tests), cancels expired invoices on a timer armed for the
/// ledger's next deadline (and before every call), and fans events out to watchers. Hands out one
/// <see cref="IHodlWallet"/> per account.
/// </summary>
public sealed class LedgerWallet : IDisposable
{
    private readonly object _gate = new();
    private readonly HodlLedger _ledger;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly List<(string AccountId, Channel<WalletEvent> Channel)> _watchers = [];
    private readonly Dictionary<PaymentSecret, HashSet<string>> _watchedInvoices = [];
    private bool _disposed;

    /// <summary>Takes ownership of the ledger: disposing the wallet disposes it.</summary>
    public LedgerWallet(HodlLedger ledger, TimeProvider time)
    {
        _ledger = ledger;
        _time = time;
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_gate) Rearm();
    }

    /// <summary>The 33-byte key that signs this wallet's invoices.</summary>
    public byte[] NodeId => _ledger.NodeId;

    /// <summary>Opens the account (if new) and returns its wallet.</summary>
    public IInvoiceWatchingWallet OpenAccount(string accountId)
    {
        Locked((ledger, now) =>
        {
            ledger.OpenAccount(accountId, now);
            return 0;
        });
        return new LedgerAccountWallet(this, accountId);
    }

    /// <summary>Funds an account from the genesis account.</summary>
    public void Fund(string accountId, long amountMsat) => Locked((ledger, now) =>
    {
        ledger.Fund(accountId, amountMsat, now);
        return 0;
    });

    public LedgerAuditReport Audit() => Locked((ledger, _) => ledger.Audit());

    /// <summary>Runs a state change and publishes its events.</summary>
    internal T Change<T>(Func<HodlLedger, DateTimeOffset, LedgerResult<T>> change) => Locked((ledger, now) =>
    {
        var result = change(ledger, now);
        Publish(result.Events);
        return result.Value;
    });

    /// <summary>Runs a call under the lock at the current time, after cancelling whatever has expired.</summary>
    internal T Locked<T>(Func<HodlLedger, DateTimeOffset, T> call)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            Publish(_ledger.Expire(now));
            try
            {
                return call(_ledger, now);
            }
            finally
            {
                Rearm();
            }
        }
    }

    /// <summary>Reports the invoice's changes to <paramref name="accountId"/>'s watchers until it is final; returns its state now.</summary>
    internal InvoiceStatus WatchInvoice(string accountId, string bolt11) => Locked((ledger, _) =>
    {
        var invoice = ledger.LookupInvoice(bolt11);
        if (!invoice.State.IsFinal())
        {
            if (!_watchedInvoices.TryGetValue(invoice.PaymentSecret, out var accounts)) _watchedInvoices[invoice.PaymentSecret] = accounts = [];
            accounts.Add(accountId);
        }
        return InvoiceStatus.Of(invoice);
    });

    /// <summary>Subscribes now; the enumeration ends when the token is cancelled or the wallet is disposed.</summary>
    internal IAsyncEnumerable<WalletEvent> Watch(string accountId, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<WalletEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _watchers.Add((accountId, channel));
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
            lock (_gate) _watchers.RemoveAll(w => w.Channel == channel);
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed) return;
            Publish(_ledger.Expire(_time.GetUtcNow()));
            Rearm();
        }
    }

    private void Publish(IEnumerable<WalletEvent> events)
    {
        foreach (var walletEvent in events)
        {
            Send(walletEvent);
            if (walletEvent is not InvoiceUpdated { Invoice: var invoice } || !_watchedInvoices.TryGetValue(invoice.PaymentSecret, out var accounts)) continue;
            foreach (var watcher in accounts) Send(new WatchedInvoiceUpdated(watcher, InvoiceStatus.Of(invoice), walletEvent.At));
            if (invoice.State.IsFinal()) _watchedInvoices.Remove(invoice.PaymentSecret);
        }
    }

    private void Send(WalletEvent walletEvent)
    {
        foreach (var (accountId, channel) in _watchers)
            if (accountId == walletEvent.AccountId) channel.Writer.TryWrite(walletEvent);
    }

    private void Rearm()
    {
        var next = _ledger.NextDeadline();
        var due = next is { } deadline ? deadline - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        _timer.Change(due < TimeSpan.Zero && due != Timeout.InfiniteTimeSpan ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _timer.Dispose();
            foreach (var (_, channel) in _watchers) channel.Writer.TryComplete();
            _ledger.Dispose();
        }
    }
}
