using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using static GigGossip.Protocol.Tests.Bolt11.Bolt11SpecInvoices;

namespace GigGossip.Protocol.Tests.Bolt11;

/// <summary>Each reader rule of BOLT 11 has an invoice that breaks only that rule and is refused for it.</summary>
public class Bolt11RejectionTests
{
    private static readonly byte[] SpecKey = Convert.FromHexString(PrivateKeyHex);
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(Timestamp);
    private static readonly Bolt11TaggedField Hash = Bolt11Fields.PaymentHash(PaymentHash.FromHex(PaymentHashHex));
    private static readonly Bolt11TaggedField Secret = Bolt11Fields.PaymentSecret(PaymentSecret.FromHex(PaymentSecretHex));
    private static readonly Bolt11TaggedField Coffee = Bolt11Fields.Description("coffee");

    private static string Sign(params Bolt11TaggedField[] fields) => Bolt11Encoder.Encode(Bolt11Network.Bitcoin, 1000, At, fields, SpecKey);

    private static void AssertRejected(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Decode(text)).Message);

    [Fact]
    public void Invoice_signed_with_only_the_required_fields_decodes() =>
        Assert.Equal("coffee", Bolt11Invoice.Decode(Sign(Hash, Secret, Coffee)).Description);

    [Fact]
    public void Invoice_without_payment_hash_is_rejected() => AssertRejected(Sign(Secret, Coffee), "no valid payment hash");

    [Fact]
    public void Invoice_with_both_description_and_hash_is_rejected() =>
        AssertRejected(Sign(Hash, Secret, Coffee, Bolt11Fields.DescriptionHash(new byte[32])), "both a description");

    [Fact]
    public void Invoice_with_neither_description_nor_hash_is_rejected() => AssertRejected(Sign(Hash, Secret), "neither a description");

    [Fact]
    public void Description_that_is_not_utf8_is_rejected() =>
        AssertRejected(Sign(Hash, Secret, new Bolt11TaggedField(Bolt11FieldType.Description, Bech32Words.FromBytes([0xc3, 0x28]))), "not valid UTF-8");

    [Fact]
    public void Expiry_with_leading_zero_word_is_rejected() =>
        AssertRejected(Sign(Hash, Secret, Coffee, new Bolt11TaggedField(Bolt11FieldType.Expiry, [0, 1, 28])), "not minimally encoded");

    [Fact]
    public void Cltv_delta_with_leading_zero_word_is_rejected() =>
        AssertRejected(Sign(Hash, Secret, Coffee, new Bolt11TaggedField(Bolt11FieldType.MinFinalCltvExpiry, [0, 9])), "not minimally encoded");

    [Fact]
    public void Expiry_too_large_for_63_bits_is_rejected() =>
        AssertRejected(Sign(Hash, Secret, Coffee, new Bolt11TaggedField(Bolt11FieldType.Expiry, Enumerable.Repeat((byte)31, 13).ToArray())), "too large");

    [Fact]
    public void Features_with_leading_zero_word_are_rejected() =>
        AssertRejected(Sign(Hash, Secret, Coffee, new Bolt11TaggedField(Bolt11FieldType.Features, [0, 16, 8, 0])), "not minimally encoded");

    [Fact]
    public void Route_hint_of_wrong_length_is_rejected() =>
        AssertRejected(Sign(Hash, Secret, Coffee, new Bolt11TaggedField(Bolt11FieldType.RouteHint, Bech32Words.FromBytes(new byte[50]))), "route hint");

    [Fact]
    public void Signature_by_another_key_than_the_n_field_is_rejected()
    {
        var other = Secp256k1.Current.GetCompressedPublicKey(SecretKey.Generate().Bytes);
        AssertRejected(Sign(Hash, Secret, Coffee, Bolt11Fields.PayeeNodeKey(other)), "does not verify against the payee key");
    }

    [Fact]
    public void Matching_n_field_is_used_as_the_payee()
    {
        var invoice = Bolt11Invoice.Decode(Sign(Hash, Secret, Coffee, Bolt11Fields.PayeeNodeKey(Convert.FromHexString(PayeeNodeKeyHex))));
        Assert.Equal(PayeeNodeKeyHex, Convert.ToHexStringLower(invoice.PayeeNodeKey));
    }

    [Fact]
    public void Recovery_id_above_3_is_rejected()
    {
        var (hrp, words) = Bech32.Decode(Sign(Hash, Secret, Coffee), 8192);
        var signature = Bech32Words.ToBytes(words.AsSpan(words.Length - 104), padToByte: false);
        signature[64] = 4;
        var tampered = Bech32.Encode(hrp, [.. words[..^104], .. Bech32Words.FromBytes(signature)]);
        AssertRejected(tampered, "recovery id is 4");
    }

    [Fact]
    public void Changed_amount_no_longer_matches_the_signature()
    {
        var (_, words) = Bech32.Decode(Sign(Hash, Secret, Coffee, Bolt11Fields.PayeeNodeKey(Convert.FromHexString(PayeeNodeKeyHex))), 8192);
        AssertRejected(Bech32.Encode("lnbc2000n", words), "does not verify");
    }

    [Fact]
    public void Tagged_field_running_past_the_end_is_rejected()
    {
        var (hrp, words) = Bech32.Decode(Sign(Hash, Secret, Coffee), 8192);
        byte[] lying = [.. words[..^104], Bolt11FieldType.Metadata, 31, 31, .. words[^104..]];
        AssertRejected(Bech32.Encode(hrp, lying), "claims 1023 words");
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("lnbc1 qqq", "invalid character")]
    [InlineData("lnbc1qqqqqqb", "not in the bech32 alphabet")]
    [InlineData("1qqqqqqqq", "empty human-readable part")]
    [InlineData("lnbc1qqqq", "shorter than its checksum")]
    public void Malformed_bech32_is_rejected(string text, string reason) => AssertRejected(text, reason);

    [Fact]
    public void Invoice_longer_than_the_limit_is_rejected() => AssertRejected("lnbc1" + new string('q', 9000), "longer than 8192");

    [Theory]
    [InlineData(Bolt11Network.Bitcoin, "bc", "xy", "names no known network")]
    [InlineData(Bolt11Network.Bitcoin, "bc", "bc0u", "zero or has leading zeros")]
    [InlineData(Bolt11Network.Bitcoin, "bc", "bc025u", "zero or has leading zeros")]
    [InlineData(Bolt11Network.Bitcoin, "bc", "bc21000001", "more than 21 million bitcoin")]
    [InlineData(Bolt11Network.Bitcoin, "bc", "bc99999999999999999999999999999999m", "too large")]
    [InlineData(Bolt11Network.Bitcoin, "bc", "bc25mm", "invalid multiplier or a non-digit")]
    public void Bad_prefix_or_amount_is_rejected(Bolt11Network network, string _, string currencyAndAmount, string reason)
    {
        var (_, words) = Bech32.Decode(Bolt11Encoder.Encode(network, null, At, [Hash, Secret, Coffee], SpecKey), 8192);
        AssertRejected(Bech32.Encode("ln" + currencyAndAmount, words), reason);
    }

    [Fact]
    public void Not_a_lightning_prefix_is_rejected()
    {
        var (_, words) = Bech32.Decode(Sign(Hash, Secret, Coffee), 8192);
        AssertRejected(Bech32.Encode("bc", words), "does not start with 'ln'");
    }
}
