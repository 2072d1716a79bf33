using CsCheck;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests.Transactions;

public class DerSignatureTests
{
    [Fact]
    public void Any_compact_signature_round_trips_through_strict_der()
    {
        Gen.Byte.Array[64].Where(b => b.AsSpan(0, 32).ContainsAnyExcept((byte)0) && b.AsSpan(32).ContainsAnyExcept((byte)0)).Sample(compact =>
        {
            var der = DerSignature.Encode(compact);
            Assert.True(DerSignature.IsStrictScriptSignature([.. der, SigHashType.All]));
            Assert.Equal(compact, DerSignature.ToCompact(der));
        });
    }

    [Fact]
    public void Integers_with_the_high_bit_get_one_zero_byte_and_small_ones_are_trimmed()
    {
        var compact = new byte[64];
        compact[0] = 0x80;
        compact[63] = 0x01;
        Assert.Equal("3026022100" + "80" + new string('0', 62) + "020101", Convert.ToHexStringLower(DerSignature.Encode(compact)));
    }

    [Theory]
    [InlineData("3006020101020101", "valid")]
    [InlineData("300602010102010101", "trailing byte")]
    [InlineData("3007020101020101", "wrong total length")]
    [InlineData("3106020101020101", "not a sequence")]
    [InlineData("3006030101020101", "r not an integer")]
    [InlineData("3006020181020101", "negative r")]
    [InlineData("300702020001020101", "padded r")]
    [InlineData("3006020101020181", "negative s")]
    [InlineData("300702010102020001", "padded s")]
    [InlineData("30050200020101", "empty r")]
    public void Strict_der_rules_of_bip66(string derHex, string description)
    {
        byte[] signature = [.. Convert.FromHexString(derHex), SigHashType.All];
        Assert.Equal(description == "valid", DerSignature.IsStrictScriptSignature(signature));
    }
}
