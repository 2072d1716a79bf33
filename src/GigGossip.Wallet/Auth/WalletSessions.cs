using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GigGossip.Wallet.Auth;

/// <summary>Bearer tokens handed out for proven accounts, each good for one account until it expires.</summary>
internal sealed class WalletSessions(TimeProvider time, TimeSpan lifetime)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, (string Account, DateTimeOffset ExpiresAt)> _sessions = new();

    public (string Token, DateTimeOffset ExpiresAt) Open(string account)
    {
        var now = time.GetUtcNow();
        if (_sessions.Count >= PruneAbove)
            foreach (var (key, session) in _sessions)
                if (session.ExpiresAt <= now) _sessions.TryRemove(key, out _);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var expiresAt = now + lifetime;
        _sessions[token] = (account, expiresAt);
        return (token, expiresAt);
    }

    /// <summary>The account of a live session, or null for an unknown or expired token.</summary>
    public string? AccountOf(string token)
    {
        if (!_sessions.TryGetValue(token, out var session)) return null;
        if (time.GetUtcNow() < session.ExpiresAt) return session.Account;
        _sessions.TryRemove(token, out _);
        return null;
    }
}
