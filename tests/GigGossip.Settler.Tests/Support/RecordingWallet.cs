using System.Collections.Concurrent;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Settler.Tests.Support;

/// <summary>
/// One settler instance's real ledger account that writes every settle and cancel it is asked for into a log shared by
/// all instances (so a test sees which instance tried what on which invoice), and that can hang its settles as a process
/// that died between its decision and its wallet call would (the call never reaches the ledger).
/// </summary>
public sealed class RecordingWallet(IInvoiceWatchingWallet inner, string instance, ConcurrentQueue<(string Instance, string Call, string Hash)> log) : IInvoiceWatchingWallet
{
    public volatile bool HangSettles;

    public string AccountId => inner.AccountId;

    public Task<long> GetBalanceAsync(CancellationToken cancellationToken = default) => inner.GetBalanceAsync(cancellationToken);

    public Task<HodlInvoice> CreateInvoiceAsync(HodlInvoiceRequest request, CancellationToken cancellationToken = default) => inner.CreateInvoiceAsync(request, cancellationToken);

    public Task<HodlPayment> PayAsync(string bolt11, DateTimeOffset? holdUntil = null, CancellationToken cancellationToken = default) => inner.PayAsync(bolt11, holdUntil, cancellationToken);

    public async Task<HodlInvoice> SettleAsync(PaymentHash paymentHash, Preimage preimage, CancellationToken cancellationToken = default)
    {
        if (HangSettles) await Task.Delay(Timeout.Infinite, cancellationToken);
        log.Enqueue((instance, "settle", paymentHash.ToHex()));
        return await inner.SettleAsync(paymentHash, preimage, cancellationToken);
    }

    public Task<HodlInvoice> CancelAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default)
    {
        log.Enqueue((instance, "cancel", paymentHash.ToHex()));
        return inner.CancelAsync(paymentHash, cancellationToken);
    }

    public Task<HodlInvoice?> GetInvoiceAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => inner.GetInvoiceAsync(paymentHash, cancellationToken);

    public Task<HodlPayment?> GetPaymentAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => inner.GetPaymentAsync(paymentHash, cancellationToken);

    public IAsyncEnumerable<WalletEvent> WatchAsync(CancellationToken cancellationToken = default) => inner.WatchAsync(cancellationToken);

    public Task<InvoiceStatus> WatchInvoiceAsync(string bolt11, CancellationToken cancellationToken = default) => inner.WatchInvoiceAsync(bolt11, cancellationToken);
}
