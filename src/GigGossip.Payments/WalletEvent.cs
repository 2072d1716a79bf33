namespace GigGossip.Payments;

/// <summary>A change to one account's invoice or payment, at the wallet time it happened.</summary>
public abstract record WalletEvent(string AccountId, DateTimeOffset At);

/// <summary>The issuer's invoice moved to <see cref="HodlInvoice.State"/>.</summary>
public sealed record InvoiceUpdated(HodlInvoice Invoice, DateTimeOffset At) : WalletEvent(Invoice.Issuer, At);

/// <summary>The payer's payment moved to <see cref="HodlPayment.State"/>.</summary>
public sealed record PaymentUpdated(HodlPayment Payment, DateTimeOffset At) : WalletEvent(Payment.Payer, At);

/// <summary>An invoice another account issued, watched by <see cref="WalletEvent.AccountId"/> with <see cref="IInvoiceWatchingWallet.WatchInvoiceAsync"/>, changed state.</summary>
public sealed record WatchedInvoiceUpdated(string Watcher, InvoiceStatus Invoice, DateTimeOffset At) : WalletEvent(Watcher, At);
