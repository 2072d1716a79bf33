using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments;

/// <summary>
/// One account's HODL invoices and payments: the only view of money the node and settler engines need.
/// Implemented by the embedded ledger (<see cref="Ledger.LedgerWallet"/>) and meant to be implemented as well
/// by an HTTP client of the wallet service and by an on-chain HTLC backend. Amounts are millisatoshi.
/// An issuer names its invoices by payment hash (it has at most one per hash); a payer names its payments by
/// the payment hash too (it has at most one in flight or succeeded per hash). Failures throw
/// <see cref="WalletException"/> with a <see cref="WalletError"/> and change nothing.
/// </summary>
public interface IHodlWallet
{
    /// <summary>The account this wallet acts for.</summary>
    string AccountId { get; }

    /// <summary>Spendable balance; money held for this account's unsettled payments is not part of it.</summary>
    Task<long> GetBalanceAsync(CancellationToken cancellationToken = default);

    /// <summary>Issues an Open HODL invoice on a payment hash whose preimage the issuer may not know yet.</summary>
    Task<HodlInvoice> CreateInvoiceAsync(HodlInvoiceRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pays a BOLT 11 invoice: the amount leaves this balance and is held; the invoice becomes Accepted.
    /// The payment succeeds (and reveals the preimage) when the issuer settles, or fails and refunds when it is
    /// cancelled. <paramref name="holdUntil"/> is how long this payer lets the money be held (Lightning's HTLC
    /// timeout); by default the invoice's minimum, <c>min_final_cltv_expiry_delta</c> blocks of 10 minutes.
    /// </summary>
    Task<HodlPayment> PayAsync(string bolt11, DateTimeOffset? holdUntil = null, CancellationToken cancellationToken = default);

    /// <summary>Settles this account's Accepted invoice on the hash: SHA256(preimage) must equal it; the held money moves here.</summary>
    Task<HodlInvoice> SettleAsync(PaymentHash paymentHash, Preimage preimage, CancellationToken cancellationToken = default);

    /// <summary>Cancels this account's Open or Accepted invoice on the hash; held money returns to the payer.</summary>
    Task<HodlInvoice> CancelAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default);

    /// <summary>This account's invoice on the hash, or null.</summary>
    Task<HodlInvoice?> GetInvoiceAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default);

    /// <summary>This account's latest payment on the hash, or null.</summary>
    Task<HodlPayment?> GetPaymentAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every change to this account's invoices (<see cref="InvoiceUpdated"/>) and payments (<see cref="PaymentUpdated"/>)
    /// from the moment of the call on, in order, until the token is cancelled.
    /// </summary>
    IAsyncEnumerable<WalletEvent> WatchAsync(CancellationToken cancellationToken = default);
}
