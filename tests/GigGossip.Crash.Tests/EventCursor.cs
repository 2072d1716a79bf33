using GigGossip.Node.Control;

namespace GigGossip.Crash.Tests;

/// <summary>Reads a node's events through its control API (long polls), from where the last read stopped.</summary>
internal sealed class EventCursor(Func<ControlClient> control, long after)
{
    private const int Kept = 20;
    private long _after = after;
    private readonly Queue<string> _passed = [];

    /// <summary>The next event matching <paramref name="match"/>; a node that is restarting is asked again.</summary>
    public async Task<EventView> NextAsync(Func<EventView, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + Bounded.Limit;
        while (DateTime.UtcNow < deadline)
        {
            EventsView page;
            try
            {
                page = await control().EventsAsync(_after, waitSeconds: 5, TestContext.Current.CancellationToken);
            }
            catch (ControlClientException)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
                continue;
            }
            foreach (var e in page.Events)
            {
                _after = e.Sequence;
                if (match(e)) return e;
                _passed.Enqueue($"{e.Type}: {e.Text}");
                if (_passed.Count > Kept) _passed.Dequeue();
            }
        }
        // The node's last events say where the ride stopped (a warning, a refusal, a settler that did not answer).
        throw new TimeoutException($"no {what} event within {Bounded.Limit.TotalSeconds:N0} s; the last events before it:\n  " + string.Join("\n  ", _passed));
    }
}
