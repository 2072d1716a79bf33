using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments;

/// <summary>What any account holding an invoice's BOLT 11 may learn about it: its identity, amount and state, not who issued or paid it.</summary>
public sealed record InvoiceStatus(
    PaymentSecret PaymentSecret,
    PaymentHash PaymentHash,
    long AmountMsat,
    InvoiceState State,
    DateTimeOffset ExpiresAt)
{
    public static InvoiceStatus Of(HodlInvoice invoice) =>
        new(invoice.PaymentSecret, invoice.PaymentHash, invoice.AmountMsat, invoice.State, invoice.ExpiresAt);
}
