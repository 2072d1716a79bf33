namespace GigGossip.Node.Hosting;

/// <summary>
/// Rate-limits repeated log lines of one kind (e.g. one per bad incoming TCP connection): at most
/// <paramref name="perWindow"/> lines per kind in each <paramref name="window"/>; the rest are counted, and the
/// next line that gets through says how many were left out. Time is an input, so it is deterministic.
/// </summary>
public sealed class LogThrottle(int perWindow, TimeSpan window)
{
    private sealed class Kind
    {
        public DateTimeOffset WindowStart;
        public int Logged;
        public int Suppressed;
    }

    private readonly Dictionary<string, Kind> _kinds = [];
    private readonly Lock _lock = new();

    /// <summary>
    /// Whether a line of <paramref name="kind"/> should be written at <paramref name="now"/>; when it should,
    /// <paramref name="suppressedBefore"/> is how many of its kind were left out since the last one written.
    /// </summary>
    public bool Allow(string kind, DateTimeOffset now, out int suppressedBefore)
    {
        lock (_lock)
        {
            if (!_kinds.TryGetValue(kind, out var state)) _kinds[kind] = state = new Kind { WindowStart = now };
            if (now - state.WindowStart >= window)
            {
                state.WindowStart = now;
                state.Logged = 0;
            }
            if (state.Logged >= perWindow)
            {
                state.Suppressed++;
                suppressedBefore = 0;
                return false;
            }
            state.Logged++;
            suppressedBefore = state.Suppressed;
            state.Suppressed = 0;
            return true;
        }
    }
}
