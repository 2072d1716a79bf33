using System.Diagnostics;

namespace GigGossip.Cli.Load;

/// <summary>Latencies of one kind of call, recorded from many threads, and the errors among them.</summary>
public sealed class Latencies(string name)
{
    private readonly Lock _gate = new();
    private readonly List<double> _millis = [];
    private readonly List<string> _errors = [];

    public string Name { get; } = name;

    /// <summary>Times one call; a failure is counted (with its message) and not rethrown.</summary>
    public async Task<bool> TimeAsync(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            lock (_gate) _errors.Add($"{Name}: {e.GetType().Name}: {e.Message}");
            return false;
        }
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        lock (_gate) _millis.Add(elapsed);
        return true;
    }

    /// <summary>Records a latency measured elsewhere (e.g. from one peer's send to another's receipt).</summary>
    public void Add(TimeSpan elapsed)
    {
        lock (_gate) _millis.Add(elapsed.TotalMilliseconds);
    }

    public void Fail(string error)
    {
        lock (_gate) _errors.Add($"{Name}: {error}");
    }

    public LatencySummary Summarise(TimeSpan wall)
    {
        lock (_gate)
        {
            var sorted = _millis.Order().ToArray();
            return new LatencySummary(Name, sorted.Length, _errors.Count, sorted.Length / Math.Max(wall.TotalSeconds, 1e-9),
                Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Length == 0 ? 0 : sorted[^1], _errors.Take(5).ToList());
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>What a load run measured for one kind of call: successes, errors, throughput and latency percentiles in milliseconds.</summary>
public sealed record LatencySummary(string Name, int Succeeded, int Errors, double PerSecond, double P50Ms, double P99Ms, double MaxMs, IReadOnlyList<string> FirstErrors);
