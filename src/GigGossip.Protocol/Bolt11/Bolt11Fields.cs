using System.Text;

namespace GigGossip.Protocol.Bolt11;

/// <summary>Builds tagged fields for <see cref="Bolt11Encoder"/>, each encoded as BOLT 11's writer rules say.</summary>
public static class Bolt11Fields
{
    public static Bolt11TaggedField PaymentHash(PaymentHash hash) => Bytes(Bolt11FieldType.PaymentHash, hash.Bytes);

    public static Bolt11TaggedField PaymentSecret(PaymentSecret secret) => Bytes(Bolt11FieldType.PaymentSecret, secret.Bytes);

    public static Bolt11TaggedField Description(string description) => Bytes(Bolt11FieldType.Description, Encoding.UTF8.GetBytes(description));

    public static Bolt11TaggedField DescriptionHash(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != 32) throw new ArgumentException("description hash must be 32 bytes", nameof(sha256));
        return Bytes(Bolt11FieldType.DescriptionHash, sha256);
    }

    public static Bolt11TaggedField Expiry(long seconds) => Number(Bolt11FieldType.Expiry, seconds);

    public static Bolt11TaggedField MinFinalCltvExpiry(long blocks) => Number(Bolt11FieldType.MinFinalCltvExpiry, blocks);

    public static Bolt11TaggedField PayeeNodeKey(ReadOnlySpan<byte> compressedKey)
    {
        if (compressedKey.Length != 33) throw new ArgumentException("payee node key must be 33 bytes (compressed)", nameof(compressedKey));
        return Bytes(Bolt11FieldType.PayeeNodeKey, compressedKey);
    }

    public static Bolt11TaggedField Features(Bolt11Features features) => Checked(Bolt11FieldType.Features, features.ToWords());

    public static Bolt11TaggedField Metadata(ReadOnlySpan<byte> metadata) => Bytes(Bolt11FieldType.Metadata, metadata);

    public static Bolt11TaggedField Fallback(int version, ReadOnlySpan<byte> program)
    {
        if (version is < 0 or > 31) throw new ArgumentOutOfRangeException(nameof(version), version, "fallback version is 5 bits");
        return Checked(Bolt11FieldType.Fallback, [(byte)version, .. Bech32Words.FromBytes(program)]);
    }

    public static Bolt11TaggedField RouteHint(IReadOnlyList<Bolt11RouteHop> hops)
    {
        var bytes = new byte[hops.Count * Bolt11RouteHop.EncodedLength];
        for (var i = 0; i < hops.Count; i++) hops[i].Write(bytes.AsSpan(i * Bolt11RouteHop.EncodedLength, Bolt11RouteHop.EncodedLength));
        return Bytes(Bolt11FieldType.RouteHint, bytes);
    }

    private static Bolt11TaggedField Bytes(int type, ReadOnlySpan<byte> bytes) => Checked(type, Bech32Words.FromBytes(bytes));

    private static Bolt11TaggedField Number(int type, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return Checked(type, Bech32Words.FromNumber(value));
    }

    private static Bolt11TaggedField Checked(int type, byte[] words)
    {
        if (words.Length > Bolt11TaggedField.MaxWords)
            throw new ArgumentException($"tagged field '{Bech32.Charset[type]}' needs {words.Length} words; at most {Bolt11TaggedField.MaxWords} fit (639 bytes)");
        return new Bolt11TaggedField(type, words);
    }
}
