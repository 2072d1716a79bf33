namespace GigGossip.Htlc.Tests;

/// <summary>Every await in these tests is bounded, so a bug fails the test instead of hanging it.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Limit, TestContext.Current.CancellationToken);

    public static Task Within(this Task task) => task.WaitAsync(Limit, TestContext.Current.CancellationToken);
}
