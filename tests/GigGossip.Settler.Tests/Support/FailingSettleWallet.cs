using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Settler.Tests.Support;

/// <summary>
/// The settler's real ledger account, except that settling fails as an unreachable wallet does while
/// <see cref="FailSettles"/> is set (the call never reaches the ledger). Everything else goes straight through.
/// </summary>
public sealed class FailingSettleWallet(IInvoiceWatchingWallet inner) : IInvoiceWatchingWallet
{
    public volatile bool FailSettles;

    private int _failed;

    /// <summary>How many settle calls failed.</summary>
    public int FailedSettles => Volatile.Read(ref _failed);

    public string AccountId => inner.AccountId;

    public Task<long> GetBalanceAsync(CancellationToken cancellationToken = default) => inner.GetBalanceAsync(cancellationToken);

    public Task<HodlInvoice> CreateInvoiceAsync(HodlInvoiceRequest request, CancellationToken cancellationToken = default) => inner.CreateInvoiceAsync(request, cancellationToken);

    public Task<HodlPayment> PayAsync(string bolt11, DateTimeOffset? holdUntil = null, CancellationToken cancellationToken = default) => inner.PayAsync(bolt11, holdUntil, cancellationToken);

    public Task<HodlInvoice> SettleAsync(PaymentHash paymentHash, Preimage preimage, CancellationToken cancellationToken = default)
    {
        if (!FailSettles) return inner.SettleAsync(paymentHash, preimage, cancellationToken);
        Interlocked.Increment(ref _failed);
        throw new WalletException(WalletError.Unreachable, "the wallet service did not answer");
    }

    public Task<HodlInvoice> CancelAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => inner.CancelAsync(paymentHash, cancellationToken);

    public Task<HodlInvoice?> GetInvoiceAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => inner.GetInvoiceAsync(paymentHash, cancellationToken);

    public Task<HodlPayment?> GetPaymentAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => inner.GetPaymentAsync(paymentHash, cancellationToken);

    public IAsyncEnumerable<WalletEvent> WatchAsync(CancellationToken cancellationToken = default) => inner.WatchAsync(cancellationToken);

    public Task<InvoiceStatus> WatchInvoiceAsync(string bolt11, CancellationToken cancellationToken = default) => inner.WatchInvoiceAsync(bolt11, cancellationToken);
}
