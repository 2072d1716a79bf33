namespace GigGossip.Protocol.Engine;

/// <summary>
/// A dictionary whose entries are forgotten after their expiry time, so the memory a node keeps of
/// payload ids, asks and spent proofs stays bounded by the traffic of one window.
/// </summary>
/// <param name="onExpired">Told of each entry forgotten because its time passed (not of entries removed or replaced).</param>
public sealed class ExpiringMap<TKey, TValue>(Action<TKey, TValue>? onExpired = null) where TKey : notnull
{
    private readonly Dictionary<TKey, (TValue Value, long ExpiresAt)> _entries = [];
    private readonly PriorityQueue<TKey, long> _expiries = new();

    public int Count => _entries.Count;

    public void Set(TKey key, TValue value, long expiresAt)
    {
        _entries[key] = (value, expiresAt);
        _expiries.Enqueue(key, expiresAt);
    }

    public bool TryGet(TKey key, long now, out TValue value)
    {
        Purge(now);
        if (_entries.TryGetValue(key, out var entry))
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public bool Remove(TKey key, out TValue value)
    {
        if (_entries.Remove(key, out var entry))
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public bool ContainsKey(TKey key, long now) => TryGet(key, now, out _);

    /// <summary>Forgets every entry whose expiry is at or before <paramref name="now"/>.</summary>
    public void Purge(long now)
    {
        while (_expiries.TryPeek(out var key, out var at) && at <= now)
        {
            _expiries.Dequeue();
            if (!_entries.TryGetValue(key, out var entry) || entry.ExpiresAt > now) continue;
            _entries.Remove(key);
            onExpired?.Invoke(key, entry.Value);
        }
    }
}
