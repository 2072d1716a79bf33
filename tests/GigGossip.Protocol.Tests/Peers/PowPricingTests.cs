using GigGossip.Protocol.Peers;

namespace GigGossip.Protocol.Tests.Peers;

public class PowPricingTests
{
    private static readonly PowPricing Pricing = new();

    [Theory]
    [InlineData(0, 20)]
    [InlineData(10, 20)]
    [InlineData(11, 21)]
    [InlineData(20, 22)]
    [InlineData(40, 23)]
    [InlineData(1_000_000, 28)]
    public void Each_doubling_beyond_the_free_volume_costs_a_bit(double recentAsks, int bits) =>
        Assert.Equal(bits, Pricing.BitsFor(0, recentAsks));

    [Theory]
    [InlineData(-100, 20)]
    [InlineData(19, 20)]
    [InlineData(20, 19)]
    [InlineData(1_000, 18)]
    public void A_track_record_earns_a_bounded_discount(double score, int bits) =>
        Assert.Equal(bits, Pricing.BitsFor(score, 0));

    [Fact]
    public void A_spammer_pays_more_per_request_than_an_honest_relay()
    {
        var honestRelayCost = Math.Pow(2, Pricing.BitsFor(score: 30, recentAsks: 5));
        var spammerCost = Math.Pow(2, Pricing.BitsFor(score: 0, recentAsks: 500));
        Assert.True(spammerCost >= 16 * honestRelayCost, $"spammer {spammerCost}, relay {honestRelayCost}");
    }

    [Fact]
    public void The_price_never_falls_below_the_minimum() =>
        Assert.Equal(1, new PowPricing { BaseBits = 1 }.BitsFor(1_000, 0));
}
