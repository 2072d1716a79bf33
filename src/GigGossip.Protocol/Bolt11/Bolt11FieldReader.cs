namespace GigGossip.Protocol.Bolt11;

/// <summary>
/// Interprets the tagged fields: the first valid field of each kind wins; fixed-length fields of the
/// wrong length, fallbacks of unknown versions and unknown types are skipped, as BOLT 11's examples show.
/// </summary>
internal sealed class Bolt11FieldReader
{
    private const int HashWords = 52;
    private const int NodeKeyWords = 53;

    public PaymentHash? PaymentHashField { get; private set; }
    public PaymentSecret? PaymentSecretField { get; private set; }
    public string? Description { get; private set; }
    public byte[]? DescriptionHash { get; private set; }
    public long ExpirySeconds { get; private set; } = Bolt11Invoice.DefaultExpirySeconds;
    public long MinFinalCltvExpiryDelta { get; private set; } = Bolt11Invoice.DefaultMinFinalCltvExpiryDelta;
    public byte[]? PayeeNodeKey { get; private set; }
    public Bolt11Features Features { get; private set; } = Bolt11Features.None;
    public List<Bolt11Fallback> Fallbacks { get; } = [];
    public List<IReadOnlyList<Bolt11RouteHop>> RouteHints { get; } = [];
    public byte[]? Metadata { get; private set; }

    public PaymentHash PaymentHash => PaymentHashField!;
    public PaymentSecret PaymentSecret => PaymentSecretField!;

    public static Bolt11FieldReader Read(IReadOnlyList<Bolt11TaggedField> fields)
    {
        var reader = new Bolt11FieldReader();
        bool sawExpiry = false, sawCltv = false, sawFeatures = false;
        foreach (var field in fields)
        {
            switch (field.Type)
            {
                case Bolt11FieldType.PaymentHash when field.Words.Length == HashWords:
                    reader.PaymentHashField ??= PaymentHash.FromBytes(field.ToBytes());
                    break;
                case Bolt11FieldType.PaymentSecret when field.Words.Length == HashWords:
                    reader.PaymentSecretField ??= PaymentSecret.FromBytes(field.ToBytes());
                    break;
                case Bolt11FieldType.DescriptionHash when field.Words.Length == HashWords:
                    reader.DescriptionHash ??= field.ToBytes();
                    break;
                case Bolt11FieldType.PayeeNodeKey when field.Words.Length == NodeKeyWords:
                    reader.PayeeNodeKey ??= field.ToBytes();
                    break;
                case Bolt11FieldType.Description:
                    reader.Description ??= Bolt11Decoder.ToUtf8(field.ToBytes(), "description ('d' field)");
                    break;
                case Bolt11FieldType.Expiry when !sawExpiry:
                    reader.ExpirySeconds = MinimalNumber(field, "expiry ('x' field)");
                    sawExpiry = true;
                    break;
                case Bolt11FieldType.MinFinalCltvExpiry when !sawCltv:
                    reader.MinFinalCltvExpiryDelta = MinimalNumber(field, "min_final_cltv_expiry_delta ('c' field)");
                    sawCltv = true;
                    break;
                case Bolt11FieldType.Features when !sawFeatures:
                    reader.Features = ReadFeatures(field);
                    sawFeatures = true;
                    break;
                case Bolt11FieldType.Fallback:
                    reader.ReadFallback(field);
                    break;
                case Bolt11FieldType.RouteHint:
                    reader.RouteHints.Add(ReadRoute(field));
                    break;
                case Bolt11FieldType.Metadata:
                    reader.Metadata ??= field.ToBytes();
                    break;
            }
        }
        reader.CheckRequired();
        return reader;
    }

    private void CheckRequired()
    {
        if (PaymentHashField is null) throw new Bolt11FormatException("invoice has no valid payment hash ('p' field of 52 words)");
        if (PaymentSecretField is null) throw new Bolt11FormatException("invoice has no valid payment secret ('s' field of 52 words)");
        if (Description is null && DescriptionHash is null) throw new Bolt11FormatException("invoice has neither a description ('d') nor a description hash ('h')");
        if (Description is not null && DescriptionHash is not null) throw new Bolt11FormatException("invoice has both a description ('d') and a description hash ('h')");
    }

    private static long MinimalNumber(Bolt11TaggedField field, string what)
    {
        if (field.Words.Length > 0 && field.Words[0] == 0) throw new Bolt11FormatException($"{what} is not minimally encoded (leading zero)");
        return Bech32Words.ToNumber(field.Words) ?? throw new Bolt11FormatException($"{what} is too large");
    }

    private static Bolt11Features ReadFeatures(Bolt11TaggedField field)
    {
        if (field.Words.Length > 0 && field.Words[0] == 0) throw new Bolt11FormatException("feature bits ('9' field) are not minimally encoded (leading zero)");
        var features = Bolt11Features.FromWords(field.Words);
        if (features.FirstUnknownRequiredBit is { } bit)
            throw new Bolt11FormatException($"invoice requires unknown feature bit {bit}");
        return features;
    }

    private void ReadFallback(Bolt11TaggedField field)
    {
        if (field.Words.Length == 0) throw new Bolt11FormatException("fallback address ('f' field) is empty");
        int version = field.Words[0];
        if (version > Bolt11Fallback.P2shVersion) return;
        Fallbacks.Add(new Bolt11Fallback(version, Bech32Words.ToBytes(field.Words.AsSpan(1), padToByte: false)));
    }

    private static IReadOnlyList<Bolt11RouteHop> ReadRoute(Bolt11TaggedField field)
    {
        var bytes = field.ToBytes();
        if (bytes.Length == 0 || bytes.Length % Bolt11RouteHop.EncodedLength != 0)
            throw new Bolt11FormatException($"route hint ('r' field) is {bytes.Length} bytes, not a multiple of {Bolt11RouteHop.EncodedLength}");
        var hops = new List<Bolt11RouteHop>();
        for (var at = 0; at < bytes.Length; at += Bolt11RouteHop.EncodedLength)
            hops.Add(Bolt11RouteHop.Read(bytes.AsSpan(at, Bolt11RouteHop.EncodedLength)));
        return hops;
    }
}
