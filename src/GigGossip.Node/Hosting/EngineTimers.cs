using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Hosting;

/// <summary>The engine's timers on a <see cref="TimeProvider"/>: each fires once, then is forgotten.</summary>
internal sealed class EngineTimers(TimeProvider time, Action<Correlation> fire) : IDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<Entry> _pending = [];
    private bool _disposed;

    public int Pending
    {
        get { lock (_gate) return _pending.Count; }
    }

    public void Set(Correlation timerId, TimeSpan due)
    {
        var entry = new Entry(timerId);
        lock (_gate)
        {
            if (_disposed) return;
            _pending.Add(entry);
        }
        var timer = time.CreateTimer(_ => Fire(entry), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            if (_pending.Contains(entry) && !_disposed) entry.Timer = timer;
            else timer.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var entry in _pending) entry.Timer?.Dispose();
            _pending.Clear();
        }
    }

    private void Fire(Entry entry)
    {
        lock (_gate)
        {
            if (!_pending.Remove(entry)) return;
            entry.Timer?.Dispose();
        }
        fire(entry.TimerId);
    }

    private sealed class Entry(Correlation timerId)
    {
        public Correlation TimerId { get; } = timerId;
        public ITimer? Timer { get; set; }
    }
}
