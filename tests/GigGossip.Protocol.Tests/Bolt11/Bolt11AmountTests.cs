using CsCheck;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Protocol.Tests.Bolt11;

public class Bolt11AmountTests
{
    [Theory]
    [InlineData("1", 100_000_000_000)]
    [InlineData("20m", 2_000_000_000)]
    [InlineData("2500u", 250_000_000)]
    [InlineData("25n", 2_500)]
    [InlineData("10p", 1)]
    [InlineData("9678785340p", 967_878_534)]
    [InlineData("21000000", Bolt11Amount.MaxMsat)]
    public void Amount_with_multiplier_converts_to_millisatoshi(string amount, long msat) => Assert.Equal(msat, Bolt11Amount.ParseMsat(amount));

    [Theory]
    [InlineData(100_000_000_000, "1")]
    [InlineData(2_000_000_000, "20m")]
    [InlineData(250_000_000, "2500u")]
    [InlineData(2_500, "25n")]
    [InlineData(1, "10p")]
    [InlineData(967_878_534, "9678785340p")]
    [InlineData(150_000_000_000, "1500m")]
    public void Writer_uses_the_largest_multiplier_that_keeps_an_integer(long msat, string amount) => Assert.Equal(amount, Bolt11Amount.Format(msat));

    [Fact]
    public void Every_amount_survives_format_and_parse() =>
        Gen.Long[1, Bolt11Amount.MaxMsat].Sample(msat => Bolt11Amount.ParseMsat(Bolt11Amount.Format(msat)) == msat);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(Bolt11Amount.MaxMsat + 1)]
    public void Writer_refuses_amounts_outside_1_to_21_million_bitcoin(long msat) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Bolt11Amount.Format(msat));
}
