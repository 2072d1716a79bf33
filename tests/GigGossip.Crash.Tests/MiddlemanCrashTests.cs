namespace GigGossip.Crash.Tests;

/// <summary>The middleman's node daemon killed at each step of the payment chain.</summary>
public sealed class MiddlemanCrashTests
{
    [Theory]
    [InlineData("node.pay", "after accept: its invoice is held, it dies before paying downstream")]
    [InlineData("node.paid", "mid-chain: it has paid downstream, upstream and downstream held")]
    [InlineData("node.settle", "before settle: downstream settled, it dies before settling upstream")]
    public Task Ride_completes_after_the_middleman_is_killed(string point, string step) => CrashRide.RunAsync("middleman", point, step);
}
