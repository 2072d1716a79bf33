namespace GigGossip.Network.Tests;

/// <summary>Every await in these tests is bounded, so a bug fails the test instead of hanging it.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Limit, TestContext.Current.CancellationToken);

    public static Task Within(this Task task) => task.WaitAsync(Limit, TestContext.Current.CancellationToken);

    public static Task Within(this ValueTask task) => task.AsTask().Within();

    /// <summary>Awaits a task that must fail with <typeparamref name="TException"/>, within the limit.</summary>
    public static async Task<TException> FailsWith<TException>(this Task task) where TException : Exception =>
        await Assert.ThrowsAsync<TException>(() => task.Within());
}
