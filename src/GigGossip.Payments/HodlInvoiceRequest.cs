using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments;

/// <summary>
/// What an issuer asks for: <paramref name="AmountMsat"/> on <paramref name="PaymentHash"/>, payable for
/// <paramref name="ExpirySeconds"/> (BOLT 11 <c>x</c>); once paid, held at least
/// <paramref name="MinFinalCltvExpiryDelta"/> blocks (BOLT 11 <c>c</c>, 10 minutes a block) so the issuer has time to settle.
/// </summary>
public sealed record HodlInvoiceRequest(
    PaymentHash PaymentHash,
    long AmountMsat,
    string Description,
    long ExpirySeconds = Bolt11Invoice.DefaultExpirySeconds,
    int MinFinalCltvExpiryDelta = (int)Bolt11Invoice.DefaultMinFinalCltvExpiryDelta);
