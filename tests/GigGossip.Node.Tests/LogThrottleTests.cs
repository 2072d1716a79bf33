using GigGossip.Node.Hosting;

namespace GigGossip.Node.Tests;

/// <summary>Repeated warnings (one per bad incoming connection) are rate-limited per kind, with a count of what was left out.</summary>
public sealed class LogThrottleTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_flood_of_one_kind_writes_five_lines_a_minute_and_then_counts_the_rest()
    {
        var throttle = new LogThrottle(5, TimeSpan.FromMinutes(1));

        var written = Enumerable.Range(0, 10_000).Count(i => throttle.Allow("InboundHandshakeFailed", T0.AddMilliseconds(i), out _));
        Assert.True(throttle.Allow("PeerDropped", T0.AddSeconds(10), out var otherKind));
        Assert.True(throttle.Allow("InboundHandshakeFailed", T0.AddMinutes(1), out var suppressed));

        Assert.Equal(5, written);
        Assert.Equal(0, otherKind);
        Assert.Equal(9_995, suppressed);
    }
}
