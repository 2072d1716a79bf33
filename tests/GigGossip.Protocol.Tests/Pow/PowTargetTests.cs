using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Tests.Pow;

public class PowTargetTests
{
    [Fact]
    public void Expected_tries_of_a_leading_zero_target_is_two_to_the_bits()
    {
        for (var bits = 0; bits <= 256; bits++)
            Assert.Equal(Math.Pow(2, bits), PowTarget.FromLeadingZeroBits(bits).ExpectedTries);
    }

    [Theory]
    [InlineData(0, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData(12, "000fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData(16, "0000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData(255, "0000000000000000000000000000000000000000000000000000000000000001")]
    [InlineData(256, "0000000000000000000000000000000000000000000000000000000000000000")]
    public void Leading_zero_target_is_two_to_the_remaining_bits_minus_one(int bits, string hex)
    {
        Assert.Equal(hex, PowTarget.FromLeadingZeroBits(bits).ToHex());
    }

    [Fact]
    public void Hash_equal_to_the_target_meets_it_and_one_more_does_not()
    {
        var target = PowTarget.FromBytes(Convert.FromHexString("00000fffffffffffffffffffffffffffffffffffffffffffffffffffffffff00"));
        Assert.True(target.IsMetBy(target.Bytes));
        Assert.True(target.IsMetBy(Convert.FromHexString("00000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffeff")));
        Assert.False(target.IsMetBy(Convert.FromHexString("00000fffffffffffffffffffffffffffffffffffffffffffffffffffffffff01")));
        Assert.False(target.IsMetBy(Convert.FromHexString("0000100000000000000000000000000000000000000000000000000000000000")));
    }

    [Fact]
    public void Target_from_the_wire_must_be_32_bytes()
    {
        Assert.Throws<CryptoException>(() => PowTarget.FromBytes(new byte[31]));
        Assert.Throws<CryptoException>(() => PowTarget.FromBytes(new byte[33]));
    }

    [Fact]
    public void Leading_zero_bits_outside_0_to_256_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PowTarget.FromLeadingZeroBits(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PowTarget.FromLeadingZeroBits(257));
    }

    [Fact]
    public void A_target_read_from_the_wire_has_the_bytes_and_expected_tries_it_was_sent_with()
    {
        for (var bits = 0; bits <= 256; bits++)
        {
            var usual = PowTarget.FromLeadingZeroBits(bits);
            var read = PowTarget.FromBytes(usual.Bytes.ToArray());
            Assert.Equal(usual.ToHex(), read.ToHex());
            Assert.Equal(usual.ExpectedTries, read.ExpectedTries);
        }
        // Not of whole leading zero bits: kept as sent, its tries from its own value (2^256 / (2 + 1) for the target 2).
        var odd = PowTarget.FromBytes(Convert.FromHexString("000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0"));
        Assert.Equal("000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0", odd.ToHex());
        Assert.NotEqual(PowTarget.FromLeadingZeroBits(12), odd);
        Assert.False(odd.IsMetBy(PowTarget.FromLeadingZeroBits(12).Bytes));
        Assert.Equal(2, PowTarget.FromBytes(Convert.FromHexString("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")).ExpectedTries);
        Assert.Equal(Math.Pow(2, 256) / 3, PowTarget.FromBytes(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000002")).ExpectedTries);
    }

    [Fact]
    public void Targets_with_the_same_bytes_are_equal()
    {
        Assert.Equal(PowTarget.FromLeadingZeroBits(20), PowTarget.FromBytes(PowTarget.FromLeadingZeroBits(20).Bytes));
        Assert.NotEqual(PowTarget.FromLeadingZeroBits(20), PowTarget.FromLeadingZeroBits(21));
    }
}
