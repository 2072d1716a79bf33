namespace GigGossip.Payments;

/// <summary>
/// Crash injection for the crash-safety tests: with <c>GIGGOSSIP_CRASH_AT=NAME</c> (or <c>NAME#N</c>) in its environment,
/// a process dies by <see cref="Environment.FailFast(string)"/> (as abrupt as kill -9: no finally blocks, no flushing)
/// the first (or N-th) time it reaches the point named NAME. Without the variable a point costs one comparison.
/// </summary>
public static class CrashPoint
{
    public const string Variable = "GIGGOSSIP_CRASH_AT";

    private static readonly (string Name, int Count)? Target = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int _reached;

    /// <summary>Dies here if this is the point (and the count) the environment names.</summary>
    public static void Reach(string name)
    {
        if (Target is not { } target || target.Name != name) return;
        if (Interlocked.Increment(ref _reached) == target.Count) Environment.FailFast($"{Variable}: crash injected at {name}#{target.Count}");
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var parts = value.Trim().Split('#', 2);
        return parts.Length == 2 && int.TryParse(parts[1], out var count) && count > 0 ? (parts[0], count) : (parts[0], 1);
    }
}
