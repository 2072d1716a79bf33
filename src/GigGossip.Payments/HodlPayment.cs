using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments;

/// <summary>A payment as its payer sees it; <see cref="Preimage"/> is known once it has Succeeded.</summary>
public sealed record HodlPayment(
    PaymentSecret PaymentSecret,
    string Payer,
    PaymentHash PaymentHash,
    long AmountMsat,
    string Bolt11,
    PaymentState State,
    DateTimeOffset HoldDeadline,
    Preimage? Preimage,
    DateTimeOffset? ResolvedAt);
