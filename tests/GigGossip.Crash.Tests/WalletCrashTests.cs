namespace GigGossip.Crash.Tests;

/// <summary>The wallet service killed at each step of the payment chain (the wallet dies right after committing, before answering).</summary>
public sealed class WalletCrashTests
{
    [Theory]
    [InlineData("wallet.paid#1", "after accept: the sender's first payment is held, the wallet dies before answering")]
    [InlineData("wallet.paid#3", "mid-chain: a hop's payment is held, the rest of the chain is not")]
    [InlineData("wallet.settled#1", "before settle: the settler's invoice is settled, no hop has settled yet")]
    public Task Ride_completes_after_the_wallet_is_killed(string point, string step) => CrashRide.RunAsync("wallet", point, step);
}
