using CsCheck;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Scripts;

namespace GigGossip.Htlc.Tests.Scripts;

public class ScriptNumberTests
{
    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "01")]
    [InlineData(-1, "81")]
    [InlineData(127, "7f")]
    [InlineData(128, "8000")]
    [InlineData(-128, "8080")]
    [InlineData(255, "ff00")]
    [InlineData(256, "0001")]
    [InlineData(800_000, "00350c")]
    [InlineData(500_000_000, "0065cd1d")]
    [InlineData(4_294_967_295, "ffffffff00")]
    public void Numbers_encode_as_bitcoin_core_does(long value, string hex)
    {
        Assert.Equal(hex, Hex.Of(ScriptNumber.Encode(value)));
        Assert.Equal(value, ScriptNumber.TryDecode(Convert.FromHexString(hex), 5, requireMinimal: true));
    }

    [Theory]
    [InlineData("00")]
    [InlineData("80")]
    [InlineData("0100")]
    [InlineData("ff0000")]
    public void Padded_encodings_are_not_minimal(string hex)
    {
        Assert.False(ScriptNumber.IsMinimal(Convert.FromHexString(hex)));
        Assert.Null(ScriptNumber.TryDecode(Convert.FromHexString(hex), 5, requireMinimal: true));
        Assert.NotNull(ScriptNumber.TryDecode(Convert.FromHexString(hex), 5, requireMinimal: false));
    }

    [Fact]
    public void Numbers_longer_than_the_limit_are_refused()
    {
        Assert.Null(ScriptNumber.TryDecode(Convert.FromHexString("000000000001"), 5, requireMinimal: false));
    }

    [Fact]
    public void Every_five_byte_number_round_trips_minimally()
    {
        Gen.Long[-(1L << 39) + 1, (1L << 39) - 1].Sample(value =>
        {
            var encoded = ScriptNumber.Encode(value);
            Assert.True(ScriptNumber.IsMinimal(encoded));
            Assert.Equal(value, ScriptNumber.TryDecode(encoded, 5, requireMinimal: true));
        });
    }

    [Fact]
    public void Small_numbers_are_pushed_with_op_n()
    {
        Assert.Equal([Opcode.Op0], ScriptBytes.PushNumber(0));
        Assert.Equal([Opcode.Op1Negate], ScriptBytes.PushNumber(-1));
        Assert.Equal([Opcode.Op16], ScriptBytes.PushNumber(16));
        Assert.Equal([0x01, 0x11], ScriptBytes.PushNumber(17));
    }
}
