using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Settler.Tests.Support;

/// <summary>
/// A wallet that shows what a real Lightning node shows its owner and nothing more: its own invoices and its own payments.
/// Every look at another account (watching someone else's invoice, an invoice or payment of another account, an event about
/// one) is refused and recorded in <see cref="RefusedLooks"/>; a test that runs a party on it asserts the list stays empty.
/// </summary>
public sealed class OwnInvoicesOnlyWallet(IHodlWallet inner) : IInvoiceWatchingWallet
{
    private readonly ConcurrentQueue<string> _refused = new();

    /// <summary>What the party tried to see that was not its own.</summary>
    public IReadOnlyCollection<string> RefusedLooks => _refused;

    public string AccountId => inner.AccountId;

    public Task<long> GetBalanceAsync(CancellationToken cancellationToken = default) => inner.GetBalanceAsync(cancellationToken);

    public Task<HodlInvoice> CreateInvoiceAsync(HodlInvoiceRequest request, CancellationToken cancellationToken = default) => inner.CreateInvoiceAsync(request, cancellationToken);

    public Task<HodlPayment> PayAsync(string bolt11, DateTimeOffset? holdUntil = null, CancellationToken cancellationToken = default) => inner.PayAsync(bolt11, holdUntil, cancellationToken);

    public Task<HodlInvoice> SettleAsync(PaymentHash paymentHash, Preimage preimage, CancellationToken cancellationToken = default) => inner.SettleAsync(paymentHash, preimage, cancellationToken);

    public Task<HodlInvoice> CancelAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => inner.CancelAsync(paymentHash, cancellationToken);

    public async Task<HodlInvoice?> GetInvoiceAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default)
    {
        var invoice = await inner.GetInvoiceAsync(paymentHash, cancellationToken);
        return invoice is null || invoice.Issuer == AccountId ? invoice : throw Refuse($"invoice {paymentHash} of {invoice.Issuer}");
    }

    public async Task<HodlPayment?> GetPaymentAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default)
    {
        var payment = await inner.GetPaymentAsync(paymentHash, cancellationToken);
        return payment is null || payment.Payer == AccountId ? payment : throw Refuse($"payment {paymentHash} of {payment.Payer}");
    }

    /// <summary>Own invoices' and payments' changes only; an event about another account is recorded and not passed on.</summary>
    public async IAsyncEnumerable<WalletEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var walletEvent in inner.WatchAsync(cancellationToken))
        {
            var foreign = walletEvent switch
            {
                InvoiceUpdated { Invoice: var invoice } when invoice.Issuer != AccountId => $"event on invoice {invoice.PaymentHash} of {invoice.Issuer}",
                PaymentUpdated { Payment: var payment } when payment.Payer != AccountId => $"event on payment {payment.PaymentHash} of {payment.Payer}",
                WatchedInvoiceUpdated { Invoice: var status } => $"event on watched invoice {status.PaymentHash}",
                _ => null,
            };
            if (foreign is null) yield return walletEvent;
            else Refuse(foreign);
        }
    }

    /// <summary>Real Lightning cannot show another node's invoice: always refused.</summary>
    public Task<InvoiceStatus> WatchInvoiceAsync(string bolt11, CancellationToken cancellationToken = default) =>
        throw Refuse($"watch of another account's invoice {bolt11}");

    private InvalidOperationException Refuse(string look)
    {
        _refused.Enqueue(look);
        return new InvalidOperationException($"a Lightning node shows only its own invoices and payments; refused: {look}");
    }
}
