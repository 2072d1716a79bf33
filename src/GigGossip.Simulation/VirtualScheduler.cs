namespace GigGossip.Simulation;

/// <summary>
/// A discrete-event loop in virtual time: actions run in order of (time, insertion order), so the
/// same inputs always give the same run. Nothing here reads the wall clock.
/// </summary>
public sealed class VirtualScheduler(long startUnixMs)
{
    /// <summary>Each entry an <see cref="Action"/> or a <see cref="ScheduledWork"/>.</summary>
    private readonly PriorityQueue<object, (long At, long Sequence)> _queue = new();
    private long _sequence;

    public long Now { get; private set; } = startUnixMs;

    public long EventsRun { get; private set; }

    public int Pending => _queue.Count;

    public void At(long atUnixMs, Action action) => _queue.Enqueue(action, (Math.Max(atUnixMs, Now), _sequence++));

    public void After(long delayMs, Action action) => At(Now + delayMs, action);

    public void At(long atUnixMs, ScheduledWork work) => _queue.Enqueue(work, (Math.Max(atUnixMs, Now), _sequence++));

    public void After(long delayMs, ScheduledWork work) => At(Now + delayMs, work);

    private static void Run(object entry)
    {
        if (entry is ScheduledWork work) work.Run();
        else ((Action)entry)();
    }

    /// <summary>Runs events until none is left at or before <paramref name="untilUnixMs"/>; time ends there.</summary>
    public void RunUntil(long untilUnixMs)
    {
        while (_queue.TryPeek(out _, out var key) && key.At <= untilUnixMs)
        {
            var entry = _queue.Dequeue();
            Now = key.At;
            EventsRun++;
            Run(entry);
        }
        Now = Math.Max(Now, untilUnixMs);
    }

    /// <summary>Runs until the queue is empty or <paramref name="maxEvents"/> ran (a guard against livelock).</summary>
    public void RunToCompletion(long maxEvents = 10_000_000)
    {
        var start = EventsRun;
        while (_queue.TryDequeue(out var entry, out var key))
        {
            if (EventsRun - start >= maxEvents) throw new InvalidOperationException($"simulation did not settle within {maxEvents} events");
            Now = key.At;
            EventsRun++;
            Run(entry);
        }
    }
}
