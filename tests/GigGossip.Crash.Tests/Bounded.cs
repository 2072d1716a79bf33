namespace GigGossip.Crash.Tests;

/// <summary>Every wait in these tests is bounded: a hang fails the test instead of the run.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    public static Task<T> Within<T>(this Task<T> task, TimeSpan? limit = null) => task.WaitAsync(limit ?? Limit, TestContext.Current.CancellationToken);

    public static Task Within(this Task task, TimeSpan? limit = null) => task.WaitAsync(limit ?? Limit, TestContext.Current.CancellationToken);

    /// <summary>Checks a condition of other processes every 100 ms until it holds (they tell this process nothing).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? Limit);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"gave up waiting for {what} after {(limit ?? Limit).TotalSeconds:N0} s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
