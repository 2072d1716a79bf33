namespace GigGossip.Crash.Tests;

/// <summary>The settler service killed at each step of the payment chain (just after saving a change, before acting on it).</summary>
public sealed class SettlerCrashTests
{
    [Theory]
    [InlineData("settler.reply-accepted", "after accept: the reply invoice is held, the network chain still paying")]
    [InlineData("settler.network-accepted", "mid-chain: the whole chain is held, the key not yet revealed")]
    [InlineData("settler.key-revealed", "key revealed: the reveal is saved, the sender not yet answered")]
    [InlineData("settler.settled", "before settle: the job is saved as settled, the wallet not yet told (redone on restart)")]
    public Task Ride_completes_after_the_settler_is_killed(string point, string step) => CrashRide.RunAsync("settler", point, step);
}
