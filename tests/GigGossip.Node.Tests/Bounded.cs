namespace GigGossip.Node.Tests;

/// <summary>Every wait in these tests is bounded: a hang fails the test instead of the run.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Limit, TestContext.Current.CancellationToken);

    public static Task Within(this Task task) => task.WaitAsync(Limit, TestContext.Current.CancellationToken);
}
