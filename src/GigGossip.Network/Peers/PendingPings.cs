namespace GigGossip.Network.Peers;

/// <summary>Pings sent and not yet answered, by id, with the time each was sent.</summary>
internal sealed class PendingPings(TimeProvider time)
{
    private readonly Dictionary<ulong, (TaskCompletionSource<TimeSpan> Answer, long SentAt)> _pending = [];
    private ulong _nextId;

    public (ulong Id, Task<TimeSpan> Answer) Start()
    {
        var answer = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            var id = ++_nextId;
            _pending[id] = (answer, time.GetTimestamp());
            return (id, answer.Task);
        }
    }

    /// <summary>Completes the ping with this id; returns its round trip, or null for an unsolicited pong.</summary>
    public TimeSpan? Answer(ulong id)
    {
        (TaskCompletionSource<TimeSpan> Answer, long SentAt) entry;
        lock (_pending)
        {
            if (!_pending.Remove(id, out entry)) return null;
        }
        var roundTrip = time.GetElapsedTime(entry.SentAt);
        entry.Answer.TrySetResult(roundTrip);
        return roundTrip;
    }

    public void Forget(ulong id)
    {
        lock (_pending) _pending.Remove(id);
    }

    /// <summary>The peer closed: every waiting ping is cancelled (the caller turns that into the close reason).</summary>
    public void CancelAll()
    {
        List<TaskCompletionSource<TimeSpan>> answers;
        lock (_pending)
        {
            answers = [.. _pending.Values.Select(p => p.Answer)];
            _pending.Clear();
        }
        foreach (var answer in answers) answer.TrySetCanceled();
    }
}
