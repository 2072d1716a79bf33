using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments;

/// <summary>
/// What any account holding an invoice's BOLT 11 may learn about it: its identity, amount, state and (once paid) how long
/// the money is held, not who issued or paid it. A settler needs the hold to know the money is really held long enough.
/// </summary>
public sealed record InvoiceStatus(
    PaymentSecret PaymentSecret,
    PaymentHash PaymentHash,
    long AmountMsat,
    InvoiceState State,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? HoldDeadline = null)
{
    public static InvoiceStatus Of(HodlInvoice invoice) =>
        new(invoice.PaymentSecret, invoice.PaymentHash, invoice.AmountMsat, invoice.State, invoice.ExpiresAt, invoice.HoldDeadline);
}
