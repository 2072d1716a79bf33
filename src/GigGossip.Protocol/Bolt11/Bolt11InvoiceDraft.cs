namespace GigGossip.Protocol.Bolt11;

/// <summary>
/// What an issuer puts in a new invoice. Give either <see cref="Description"/> or <see cref="DescriptionHash"/>.
/// <see cref="Bolt11Encoder.Encode(Bolt11InvoiceDraft, ReadOnlySpan{byte})"/> writes the fields in the order
/// p, s, d|h, x, c, n, 9.
/// </summary>
public sealed record Bolt11InvoiceDraft(
    Bolt11Network Network,
    long? AmountMsat,
    DateTimeOffset Timestamp,
    PaymentHash PaymentHash,
    PaymentSecret PaymentSecret,
    string? Description,
    byte[]? DescriptionHash = null,
    long ExpirySeconds = Bolt11Invoice.DefaultExpirySeconds,
    long MinFinalCltvExpiryDelta = Bolt11Invoice.DefaultMinFinalCltvExpiryDelta,
    Bolt11Features? Features = null,
    bool IncludePayeeNodeKey = true);
