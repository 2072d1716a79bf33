using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Hosting;

/// <summary>
/// The node's events (the engine's and the host's own) for the app and the control API: the most recent
/// <see cref="Capacity"/> are kept, numbered, and can be read from any sequence number or awaited.
/// </summary>
public sealed class NodeEventLog
{
    public const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly List<RecordedEvent> _events = [];
    private TaskCompletionSource _appended = NewSignal();
    private long _last;

    /// <summary>The sequence number of the latest event (0 before any).</summary>
    public long LastSequence
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>Events after <paramref name="afterSequence"/>, oldest first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<RecordedEvent> Since(long afterSequence, int max = int.MaxValue)
    {
        lock (_gate)
        {
            var first = _events.Count == 0 ? 0 : _events[0].Sequence;
            var start = (int)Math.Clamp(afterSequence - first + 1, 0, _events.Count);
            return _events.GetRange(start, Math.Min(max, _events.Count - start));
        }
    }

    /// <summary>The first event after <paramref name="afterSequence"/> that matches, waiting for it if needed.</summary>
    public async Task<RecordedEvent> WaitForAsync(Func<NodeEvent, bool> match, long afterSequence = 0, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task appended;
            lock (_gate) appended = _appended.Task;
            foreach (var recorded in Since(afterSequence))
            {
                if (match(recorded.Event)) return recorded;
                afterSequence = recorded.Sequence;
            }
            await appended.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first event of type <typeparamref name="T"/> after <paramref name="afterSequence"/> that matches.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, long afterSequence = 0, CancellationToken cancellationToken = default) where T : NodeEvent =>
        (T)(await WaitForAsync(e => e is T t && (match is null || match(t)), afterSequence, cancellationToken).ConfigureAwait(false)).Event;

    /// <summary>Completes when an event after <paramref name="afterSequence"/> exists.</summary>
    public async Task WaitForNewAsync(long afterSequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task appended;
            lock (_gate)
            {
                if (_last > afterSequence) return;
                appended = _appended.Task;
            }
            await appended.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal RecordedEvent Append(NodeEvent nodeEvent, DateTimeOffset at)
    {
        TaskCompletionSource appended;
        RecordedEvent recorded;
        lock (_gate)
        {
            recorded = new RecordedEvent(++_last, at, nodeEvent);
            _events.Add(recorded);
            if (_events.Count > 2 * Capacity) _events.RemoveRange(0, _events.Count - Capacity);
            appended = _appended;
            _appended = NewSignal();
        }
        appended.TrySetResult();
        return recorded;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
