using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments.Ledger;

/// <summary>One account's <see cref="IHodlWallet"/> on a <see cref="LedgerWallet"/>.</summary>
internal sealed class LedgerAccountWallet(LedgerWallet wallet, string accountId) : IInvoiceWatchingWallet
{
    public string AccountId { get; } = accountId;

    public Task<long> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        Call(cancellationToken, () => wallet.Locked((ledger, _) => ledger.GetBalance(AccountId)));

    public Task<HodlInvoice> CreateInvoiceAsync(HodlInvoiceRequest request, CancellationToken cancellationToken = default) =>
        Call(cancellationToken, () => wallet.Locked((ledger, now) => ledger.CreateInvoice(AccountId, request, now)));

    public Task<HodlPayment> PayAsync(string bolt11, DateTimeOffset? holdUntil = null, CancellationToken cancellationToken = default) =>
        Call(cancellationToken, () => wallet.Change((ledger, now) => ledger.Pay(AccountId, bolt11, holdUntil, now)));

    public Task<HodlInvoice> SettleAsync(PaymentHash paymentHash, Preimage preimage, CancellationToken cancellationToken = default) =>
        Call(cancellationToken, () => wallet.Change((ledger, now) => ledger.Settle(AccountId, paymentHash, preimage, now)));

    public Task<HodlInvoice> CancelAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) =>
        Call(cancellationToken, () => wallet.Change((ledger, now) => ledger.Cancel(AccountId, paymentHash, now)));

    public Task<HodlInvoice?> GetInvoiceAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) =>
        Call(cancellationToken, () => wallet.Locked((ledger, _) => ledger.GetInvoice(AccountId, paymentHash)));

    public Task<HodlPayment?> GetPaymentAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) =>
        Call(cancellationToken, () => wallet.Locked((ledger, _) => ledger.GetPayment(AccountId, paymentHash)));

    public Task<InvoiceStatus> WatchInvoiceAsync(string bolt11, CancellationToken cancellationToken = default) =>
        Call(cancellationToken, () => wallet.WatchInvoice(AccountId, bolt11));

    public IAsyncEnumerable<WalletEvent> WatchAsync(CancellationToken cancellationToken = default) => wallet.Watch(AccountId, cancellationToken);

    private static Task<T> Call<T>(CancellationToken cancellationToken, Func<T> call)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        try
        {
            return Task.FromResult(call());
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }
}
