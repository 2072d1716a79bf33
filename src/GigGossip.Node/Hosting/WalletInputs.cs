using GigGossip.Payments;
using GigGossip.Protocol.Engine;
using EngineInvoiceState = GigGossip.Protocol.Engine.InvoiceState;

namespace GigGossip.Node.Hosting;

/// <summary>Wallet states as engine inputs, as the reference harness maps them.</summary>
internal static class WalletInputs
{
    /// <summary>An invoice this node issued, as <see cref="IssuedInvoiceChanged"/> (Accepted carries the payer's hold deadline).</summary>
    public static IssuedInvoiceChanged Issued(HodlInvoice invoice) =>
        new(invoice.PaymentHash.ToArray(), (EngineInvoiceState)(int)invoice.State, invoice.HoldDeadline?.ToUnixTimeMilliseconds());

    /// <summary>A payment this node made, as <see cref="PaymentChanged"/>: in flight is Accepted, succeeded Settled, failed Cancelled.</summary>
    public static PaymentChanged Paid(HodlPayment payment) => new(payment.PaymentHash.ToArray(), payment.State switch
    {
        PaymentState.InFlight => EngineInvoiceState.Accepted,
        PaymentState.Succeeded => EngineInvoiceState.Settled,
        _ => EngineInvoiceState.Cancelled,
    }, payment.Preimage?.ToArray(), null);

    /// <summary>The input for a wallet event, or null for one of another account.</summary>
    public static EngineInput? From(WalletEvent walletEvent, string accountId) => walletEvent switch
    {
        InvoiceUpdated updated when updated.Invoice.Issuer == accountId => Issued(updated.Invoice),
        PaymentUpdated paid when paid.Payment.Payer == accountId => Paid(paid.Payment),
        _ => null,
    };
}
