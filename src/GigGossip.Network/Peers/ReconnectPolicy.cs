namespace GigGossip.Network.Peers;

/// <summary>
/// Exponential backoff with jitter for outbound peers. After the n-th consecutive failure (n from 1) the
/// wait is <c>min(MaxDelay, InitialDelay * Multiplier^(n-1))</c>, scaled by a random factor in
/// <c>[1 - Jitter, 1 + Jitter]</c> and capped again at <see cref="MaxDelay"/>. Jitter spreads the
/// reconnects of many nodes that lost the same peer at the same moment.
/// </summary>
public sealed record ReconnectPolicy
{
    public static ReconnectPolicy Default { get; } = new();

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>At least 1.</summary>
    public double Multiplier
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1.0);
            field = value;
        }
    } = 2.0;

    /// <summary>Between 0 (none) and 1.</summary>
    public double Jitter
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1.0);
            field = value;
        }
    } = 0.2;

    /// <summary>The wait before the next attempt after <paramref name="consecutiveFailures"/> failures (at least 1).</summary>
    public TimeSpan Delay(int consecutiveFailures, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveFailures, 1);
        var max = MaxDelay.TotalMilliseconds;
        var grown = InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, Math.Min(consecutiveFailures - 1, 64));
        var factor = 1 - Jitter + 2 * Jitter * random.NextDouble();
        return TimeSpan.FromMilliseconds(Math.Round(Math.Min(max, Math.Min(max, grown) * factor)));
    }
}
