namespace GigGossip.Http;

/// <summary>
/// Waits between retries of a service that is down: <see cref="Next"/> gives the first delay, then twice the last,
/// at most the longest; <see cref="Reset"/> after a success. One log line per retry names the attempt and the wait.
/// </summary>
public sealed class RetryBackoff
{
    private readonly TimeSpan _first;
    private readonly TimeSpan _longest;
    private TimeSpan _next;

    public RetryBackoff(TimeSpan first, TimeSpan longest)
    {
        _first = first;
        _longest = longest;
        _next = first;
    }

    /// <summary>Retries since the last success.</summary>
    public int Attempt { get; private set; }

    public TimeSpan Next()
    {
        var delay = _next;
        Attempt++;
        _next = delay * 2 < _longest ? delay * 2 : _longest;
        return delay;
    }

    public void Reset()
    {
        _next = _first;
        Attempt = 0;
    }
}
