using System.Security.Cryptography;

namespace GigGossip.Wallet.Auth;

/// <summary>
/// One-time nonces for session proofs: each is good once (a replayed proof finds it gone) and only until it
/// expires. No one client can lock the others out: a client (a remote address) has at most
/// <see cref="ChallengeLimits.PerClient"/> unanswered nonces (then it is told to wait), and the table as a whole
/// holds at most <see cref="ChallengeLimits.Total"/>: a new nonce pushes out the oldest instead of being refused,
/// so a client that signs its nonce promptly always gets in.
/// </summary>
internal sealed class WalletChallenges(TimeProvider time, TimeSpan lifetime, ChallengeLimits limits)
{
    private sealed record Entry(string Nonce, string Client, DateTimeOffset ExpiresAt);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _nonces = [];
    private readonly LinkedList<Entry> _oldestFirst = [];
    private readonly Dictionary<string, int> _perClient = [];

    /// <summary>Unanswered nonces held now (for tests and the operator).</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _nonces.Count;
        }
    }

    /// <summary>A fresh nonce for <paramref name="client"/> and when it expires, or null when that client has too many unanswered.</summary>
    public (byte[] Nonce, DateTimeOffset ExpiresAt)? Issue(string client)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            // Same lifetime for all: the list is in expiry order, so expired ones are all at its head.
            while (_oldestFirst.First is { } first && first.Value.ExpiresAt <= now) Remove(first);
            if (_perClient.GetValueOrDefault(client) >= limits.PerClient) return null;
            while (_nonces.Count >= limits.Total && _oldestFirst.First is { } oldest) Remove(oldest);
            var nonce = RandomNumberGenerator.GetBytes(32);
            var entry = new Entry(Convert.ToHexStringLower(nonce), client, now + lifetime);
            _nonces[entry.Nonce] = _oldestFirst.AddLast(entry);
            _perClient[client] = _perClient.GetValueOrDefault(client) + 1;
            return (nonce, entry.ExpiresAt);
        }
    }

    /// <summary>Uses up the nonce: true only the first time, and only before it expires.</summary>
    public bool Consume(ReadOnlySpan<byte> nonce)
    {
        var key = Convert.ToHexStringLower(nonce);
        lock (_lock)
        {
            if (!_nonces.TryGetValue(key, out var node)) return false;
            Remove(node);
            return time.GetUtcNow() < node.Value.ExpiresAt;
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _oldestFirst.Remove(node);
        _nonces.Remove(node.Value.Nonce);
        var left = _perClient[node.Value.Client] - 1;
        if (left == 0) _perClient.Remove(node.Value.Client);
        else _perClient[node.Value.Client] = left;
    }
}

/// <summary>How many unanswered challenges one client, and all clients together, may hold.</summary>
public sealed record ChallengeLimits
{
    /// <summary>Unanswered challenges per remote address; more get 429 until some are answered or expire.</summary>
    public int PerClient { get; init; } = 16;

    /// <summary>Size of the whole table; past it the oldest challenge is dropped to make room.</summary>
    public int Total { get; init; } = 100_000;
}
