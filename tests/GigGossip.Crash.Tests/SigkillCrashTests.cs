namespace GigGossip.Crash.Tests;

/// <summary>Real kill -9 (Process.Kill, SIGKILL) of each process right after the sender accepts, while the chain is being paid.</summary>
public sealed class SigkillCrashTests
{
    [Theory]
    [InlineData("wallet")]
    [InlineData("settler")]
    [InlineData("middleman")]
    public Task Ride_completes_after_a_sigkill_while_the_chain_pays(string process) =>
        CrashRide.RunAsync(process, point: null, "SIGKILL right after the sender accepted the offer");
}
