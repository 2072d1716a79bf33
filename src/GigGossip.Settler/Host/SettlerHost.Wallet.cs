using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;
using GigGossip.Http;
using Microsoft.Extensions.Logging;

namespace GigGossip.Settler.Host;

/// <summary>
/// What the host learns from its wallet: only its own network invoices' states (<see cref="IssuedInvoiceChanged"/>), as
/// real Lightning shows them; that a reply invoice is Accepted it learns from the replier's signed statement
/// (<see cref="ReplyAcceptedRequest"/>). After every (re)opened event stream it looks the live invoices up again, so
/// nothing missed stays missed.
/// </summary>
public sealed partial class SettlerHost
{
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

    /// <summary>On the loop: looks up the network invoice of every job whose money is still held.</summary>
    private ValueTask Resync()
    {
        var locking = _engine.Export().Jobs.Where(j => j.State is SettlerJobState.Locking or SettlerJobState.Disputed or SettlerJobState.Settling)
            .Select(j => PaymentHash.FromBytes(j.NetworkPaymentHash)).ToList();
        Background(async () =>
        {
            foreach (var hash in locking)
                if (await _wallet.GetInvoiceAsync(hash, _stopping.Token) is { } invoice) Tell(() => OnIssuedInvoice(invoice));
        });
        return ValueTask.CompletedTask;
    }

    private ValueTask OnWalletEvent(WalletEvent walletEvent) => walletEvent switch
    {
        InvoiceUpdated { Invoice: var invoice } when invoice.Issuer == _wallet.AccountId => OnIssuedInvoice(invoice),
        _ => ValueTask.CompletedTask,
    };

    private ValueTask OnIssuedInvoice(HodlInvoice invoice) =>
        _tracker.IsNews("issued:" + invoice.PaymentHash.ToHex(), invoice.State)
            ? HandleAsync(EngineWalletStates.Issued(invoice))
            : ValueTask.CompletedTask;
}
