using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;
using GigGossip.Wallet.Hosting;
using Microsoft.Extensions.Logging;
using EngineInvoiceState = GigGossip.Protocol.Engine.InvoiceState;

namespace GigGossip.Settler.Host;

/// <summary>
/// What the host learns from its wallet: its own network invoices' states (<see cref="IssuedInvoiceChanged"/>) and
/// the watched reply invoices' (<see cref="WatchedInvoiceChanged"/>, for the exact invoice: by payment secret).
/// After every (re)opened event stream it looks the live invoices up again, so nothing missed stays missed.
/// </summary>
public sealed partial class SettlerHost
{
    private readonly Dictionary<PaymentSecret, string> _watched = [];
    private readonly InvoiceStateTracker _tracker = new();

    private async Task PumpWalletEventsAsync()
    {
        var stopping = _stopping.Token;
        var backoff = new RetryBackoff(_options.WalletRetryDelay, _options.WalletRetryLongest);
        while (!stopping.IsCancellationRequested)
        {
            var delay = _options.WalletRetryDelay;
            try
            {
                var events = _wallet.WatchAsync(stopping);
                Tell(Resync);
                await foreach (var walletEvent in events.WithCancellation(stopping))
                {
                    backoff.Reset();
                    Tell(() => OnWalletEvent(walletEvent));
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (WalletException e)
            {
                delay = backoff.Next();
                _log.LogWarning("wallet event stream broke ({Message}); retry {Attempt} in {Delay:0.#} s", HttpInput.OneLine(e.Message), backoff.Attempt, delay.TotalSeconds);
            }
            await Task.Delay(delay, _options.Time, stopping);
        }
    }

    /// <summary>On the loop: looks up every watched reply invoice and the network invoice of every job whose money is still held.</summary>
    private ValueTask Resync()
    {
        var watched = _watched.Values.ToList();
        var locking = _engine.Export().Jobs.Where(j => j.State is SettlerJobState.Locking or SettlerJobState.Disputed or SettlerJobState.Settling)
            .Select(j => PaymentHash.FromBytes(j.NetworkPaymentHash)).ToList();
        Background(async () =>
        {
            foreach (var bolt11 in watched) await WatchAsync(bolt11);
            foreach (var hash in locking)
                if (await _wallet.GetInvoiceAsync(hash, _stopping.Token) is { } invoice) Tell(() => OnIssuedInvoice(invoice));
        });
        return ValueTask.CompletedTask;
    }

    private void RememberWatch(string bolt11)
    {
        try
        {
            _watched[Bolt11Invoice.Decode(bolt11).PaymentSecret] = bolt11;
        }
        catch (Bolt11FormatException e)
        {
            _log.LogWarning("not watching a malformed reply invoice: {Message}", e.Message);
        }
    }

    private void StartWatching(string bolt11)
    {
        RememberWatch(bolt11);
        Background(() => WatchAsync(bolt11));
    }

    private async Task WatchAsync(string bolt11)
    {
        try
        {
            var status = await _wallet.WatchInvoiceAsync(bolt11, _stopping.Token);
            Tell(() => OnWatchedInvoice(status));
        }
        catch (WalletException e) when (e.Error != WalletError.Unreachable)
        {
            _log.LogWarning("the wallet will not watch reply invoice: {Error} {Message}", e.Error, e.Message);
        }
    }

    private ValueTask OnWalletEvent(WalletEvent walletEvent) => walletEvent switch
    {
        InvoiceUpdated { Invoice: var invoice } when invoice.Issuer == _wallet.AccountId => OnIssuedInvoice(invoice),
        WatchedInvoiceUpdated watched => OnWatchedInvoice(watched.Invoice),
        _ => ValueTask.CompletedTask,
    };

    private ValueTask OnIssuedInvoice(HodlInvoice invoice) =>
        _tracker.IsNews("issued:" + invoice.PaymentHash.ToHex(), Engine(invoice.State))
            ? HandleAsync(new IssuedInvoiceChanged(invoice.PaymentHash.ToArray(), Engine(invoice.State), invoice.HoldDeadline?.ToUnixTimeMilliseconds()))
            : ValueTask.CompletedTask;

    private ValueTask OnWatchedInvoice(InvoiceStatus status)
    {
        if (status.State.IsFinal()) _watched.Remove(status.PaymentSecret);
        return _tracker.IsNews("watched:" + status.PaymentSecret.ToHex(), Engine(status.State))
            ? HandleAsync(new WatchedInvoiceChanged(status.PaymentHash.ToArray(), Engine(status.State), status.HoldDeadline?.ToUnixTimeMilliseconds()))
            : ValueTask.CompletedTask;
    }

    private static EngineInvoiceState Engine(Payments.InvoiceState state) => (EngineInvoiceState)(int)state;
}
