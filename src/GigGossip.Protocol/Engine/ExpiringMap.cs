using System.Runtime.InteropServices;

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

    /// <summary>
    /// Adds or replaces an entry. Every entry has a queued expiry at or before its own; one set again to expire later keeps
    /// the one it has (when that comes, <see cref="Purge"/> queues it again at its real time), so a node's asks, answered and
    /// kept longer, hold one queue slot each instead of two.
    /// </summary>
    public void Set(TKey key, TValue value, long expiresAt)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key, out var existed);
        var queued = existed && entry.ExpiresAt <= expiresAt;
        entry = (value, expiresAt);
        if (!queued) _expiries.Enqueue(key, expiresAt);
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
            if (!_entries.TryGetValue(key, out var entry)) continue;
            if (entry.ExpiresAt > now)
            {
                _expiries.Enqueue(key, entry.ExpiresAt);
                continue;
            }
            _entries.Remove(key);
            onExpired?.Invoke(key, entry.Value);
        }
    }
}
