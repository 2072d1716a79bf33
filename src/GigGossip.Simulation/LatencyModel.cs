namespace GigGossip.Simulation;

/// <summary>Per-message link latency: a base plus uniform jitter, drawn from the run's seeded random.</summary>
public sealed record LatencyModel(long BaseMs, long JitterMs)
{
    public static LatencyModel Lan { get; } = new(5, 20);

    public long Draw(Random random) => BaseMs + (JitterMs > 0 ? random.NextInt64(JitterMs + 1) : 0);
}
