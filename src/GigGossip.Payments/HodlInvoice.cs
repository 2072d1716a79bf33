using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments;

/// <summary>An invoice as its issuer sees it. <see cref="PaymentSecret"/> (BOLT 11 <c>s</c>) identifies it everywhere.</summary>
public sealed record HodlInvoice(
    PaymentSecret PaymentSecret,
    string Issuer,
    PaymentHash PaymentHash,
    long AmountMsat,
    string Description,
    string Bolt11,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    int MinFinalCltvExpiryDelta,
    InvoiceState State,
    DateTimeOffset? HoldDeadline,
    Preimage? Preimage,
    CancelReason? CancelReason,
    DateTimeOffset? ResolvedAt);
