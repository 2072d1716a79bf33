namespace GigGossip.Payments;

/// <summary>
/// A wallet that also reports invoices issued by other accounts: what a settler needs to see the replier's
/// reply invoice become Accepted or Cancelled. The invoice is named by its BOLT 11 (so by its payment secret,
/// the one invoice, not every invoice sharing its hash): holding the invoice is the right to watch it.
/// </summary>
public interface IInvoiceWatchingWallet : IHodlWallet
{
    /// <summary>
    /// Starts reporting the invoice's changes on <see cref="IHodlWallet.WatchAsync"/> as <see cref="WatchedInvoiceUpdated"/>
    /// (until it is Settled or Cancelled) and returns its state now. Throws <see cref="WalletException"/>
    /// (<see cref="WalletError.MalformedInvoice"/>, <see cref="WalletError.UnknownInvoice"/>) for an invoice this wallet did not issue.
    /// </summary>
    Task<InvoiceStatus> WatchInvoiceAsync(string bolt11, CancellationToken cancellationToken = default);
}
