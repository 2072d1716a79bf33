using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;

namespace GigGossip.Payments;

/// <summary>
/// The one bridge between the engines and a wallet, used by the node host, the settler host and the simulator:
/// the wallet and the engine share one invoice state; a payment in flight is Accepted, succeeded
/// Settled, failed Cancelled; an engine's invoice expiry (a time) becomes the wallet's (whole seconds from now).
/// </summary>
public static class EngineWalletStates
{
    /// <summary>A payment as the engine sees it: in flight is Accepted, succeeded Settled, failed Cancelled.</summary>
    public static InvoiceState ToEngine(this PaymentState state) => state switch
    {
        PaymentState.InFlight => InvoiceState.Accepted,
        PaymentState.Succeeded => InvoiceState.Settled,
        PaymentState.Failed => InvoiceState.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "no engine invoice state for this payment state"),
    };

    /// <summary>An invoice its issuer's engine learns about (Accepted carries the payer's hold deadline).</summary>
    public static IssuedInvoiceChanged Issued(HodlInvoice invoice) =>
        new(invoice.PaymentHash.ToArray(), invoice.State, invoice.HoldDeadline?.ToUnixTimeMilliseconds());

    /// <summary>A payment its payer's engine learns about (a succeeded one carries the preimage).</summary>
    public static PaymentChanged Paid(HodlPayment payment) =>
        new(payment.PaymentHash.ToArray(), payment.State.ToEngine(), payment.Preimage?.ToArray(), null);

    /// <summary>A payment the wallet refused to start: Cancelled, with the wallet's reason.</summary>
    public static PaymentChanged Refused(PaymentHash paymentHash, string reason) =>
        new(paymentHash.ToArray(), InvoiceState.Cancelled, null, reason);

    /// <summary>The input for a wallet event of <paramref name="accountId"/>: its issued invoices and its payments; null for anything else.</summary>
    public static EngineInput? From(WalletEvent walletEvent, string accountId) => walletEvent switch
    {
        InvoiceUpdated updated when updated.Invoice.Issuer == accountId => Issued(updated.Invoice),
        PaymentUpdated paid when paid.Payment.Payer == accountId => Paid(paid.Payment),
        _ => null,
    };

    /// <summary>
    /// The wallet request for an engine's <see cref="CreateInvoice"/> at <paramref name="nowUnixMs"/>: payable for the whole
    /// seconds left until its expiry, at least one.
    /// </summary>
    public static HodlInvoiceRequest InvoiceRequest(CreateInvoice create, long nowUnixMs, int minFinalCltvExpiryDelta) =>
        new(PaymentHash.FromBytes(create.PaymentHash), create.AmountMsat, create.Description,
            Math.Max(1, (create.ExpiryUnixMs - nowUnixMs) / 1000), minFinalCltvExpiryDelta);
}
