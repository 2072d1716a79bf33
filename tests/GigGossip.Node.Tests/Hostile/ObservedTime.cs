namespace GigGossip.Node.Tests.Hostile;

/// <summary>
/// The test network's clock, seen through: every timer created on it is recorded with its due time, so a test can
/// wait until the node has armed its handshake timeout before it moves the clock (no sleeps, no races).
/// </summary>
internal sealed class ObservedTime(TimeProvider inner) : TimeProvider
{
    public AsyncLog<TimeSpan> Timers { get; } = new();

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = inner.CreateTimer(callback, state, dueTime, period);
        Timers.Add(dueTime);
        return timer;
    }
}
