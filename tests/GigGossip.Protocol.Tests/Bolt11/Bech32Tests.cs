using CsCheck;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Protocol.Tests.Bolt11;

/// <summary>BIP173's valid bech32 and BIP350's valid bech32m strings, and the words-to-bytes conversions BOLT 11 relies on.</summary>
public class Bech32Tests
{
    [Theory]
    [InlineData("A12UEL5L")]
    [InlineData("a12uel5l")]
    [InlineData("an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs")]
    [InlineData("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w")]
    [InlineData("?1ezyfcl")]
    public void Bip173_valid_string_decodes_and_reencodes(string text)
    {
        var (hrp, words) = Bech32.Decode(text, 200);
        Assert.Equal(text.ToLowerInvariant(), Bech32.Encode(hrp, words));
    }

    [Theory]
    [InlineData("A1LQFN3A")]
    [InlineData("a1lqfn3a")]
    [InlineData("an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6")]
    [InlineData("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperredlc445v")]
    [InlineData("?1v759aa")]
    public void Bip350_valid_string_decodes_as_bech32m_and_reencodes_but_is_not_bech32(string text)
    {
        var (hrp, words, variant) = Bech32.DecodeAnyVariant(text, 200);
        Assert.Equal(Bech32Variant.Bech32m, variant);
        Assert.Equal(text.ToLowerInvariant(), Bech32.Encode(hrp, words, Bech32Variant.Bech32m));
        Assert.Contains("checksum is wrong", Assert.Throws<Bolt11FormatException>(() => Bech32.Decode(text, 200)).Message);
    }

    [Fact]
    public void Charset_example_decodes_to_words_0_to_31()
    {
        var (hrp, words) = Bech32.Decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", 200);
        Assert.Equal("abcdef", hrp);
        Assert.Equal(Enumerable.Range(0, 32).Select(i => (byte)i), words);
    }

    [Fact]
    public void Bytes_round_trip_through_words() =>
        Gen.Byte.Array[0, 700].Sample(bytes => Bech32Words.ToBytes(Bech32Words.FromBytes(bytes), padToByte: false).AsSpan().SequenceEqual(bytes));

    [Fact]
    public void Numbers_round_trip_through_minimal_words() =>
        Gen.Long[0, long.MaxValue].Sample(n => Bech32Words.ToNumber(Bech32Words.FromNumber(n)) == n && (n == 0 || Bech32Words.FromNumber(n)[0] != 0));
}
