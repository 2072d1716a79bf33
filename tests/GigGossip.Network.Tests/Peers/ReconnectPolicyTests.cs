using GigGossip.Network.Peers;
namespace GigGossip.Network.Tests.Peers;

public sealed class ReconnectPolicyTests
{
    [Fact]
    public void Without_jitter_delays_double_up_to_the_cap()
    {
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10), Multiplier = 2, Jitter = 0 };
        var random = new Random(1);

        var delays = Enumerable.Range(1, 7).Select(n => policy.Delay(n, random).TotalSeconds).ToArray();

        Assert.Equal(new double[] { 1, 2, 4, 8, 10, 10, 10 }, delays);
    }

    [Fact]
    public void Jitter_stays_within_its_band_and_under_the_cap()
    {
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(60), Jitter = 0.25 };
        var random = new Random(5);

        for (var n = 1; n <= 12; n++)
        {
            var nominal = Math.Min(60_000, 1000 * Math.Pow(2, n - 1));
            for (var draw = 0; draw < 200; draw++)
            {
                var delay = policy.Delay(n, random).TotalMilliseconds;
                Assert.InRange(delay, Math.Floor(nominal * 0.75), Math.Min(60_000, Math.Ceiling(nominal * 1.25)));
            }
        }
    }

    [Fact]
    public void Jitter_actually_spreads_the_delays()
    {
        var policy = new ReconnectPolicy { Jitter = 0.5 };
        var random = new Random(9);

        var distinct = Enumerable.Range(0, 50).Select(_ => policy.Delay(3, random)).Distinct().Count();

        Assert.True(distinct > 40, $"only {distinct} distinct delays");
    }

    [Fact]
    public void Same_seed_gives_the_same_schedule()
    {
        var policy = ReconnectPolicy.Default;
        var first = Enumerable.Range(1, 10).Select(n => policy.Delay(n, new Random(3))).ToArray();
        var second = Enumerable.Range(1, 10).Select(n => policy.Delay(n, new Random(3))).ToArray();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Huge_failure_counts_do_not_overflow()
    {
        var policy = new ReconnectPolicy { MaxDelay = TimeSpan.FromMinutes(5), Jitter = 0 };

        Assert.Equal(TimeSpan.FromMinutes(5), policy.Delay(int.MaxValue, new Random(1)));
    }

    [Fact]
    public void Failure_count_starts_at_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconnectPolicy.Default.Delay(0, new Random(1)));
    }

    [Theory]
    [InlineData(-0.1, 2.0)]
    [InlineData(1.1, 2.0)]
    [InlineData(0.2, 0.5)]
    public void Jitter_outside_0_to_1_or_shrinking_multiplier_is_refused(double jitter, double multiplier)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectPolicy { Jitter = jitter, Multiplier = multiplier });
    }
}
