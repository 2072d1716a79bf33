using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GigGossip.Web;

/// <summary>
/// Browser pairing: the operator (who holds the control or admin token) asks for a one-time code; a browser that
/// opens the link with it gets a session cookie instead, and the code is spent. Only SHA-256 hashes of codes and
/// session ids are kept: codes in memory, sessions also in <paramref name="store"/> when there is one (the host's
/// SQLite file), so a restart keeps browsers signed in. Sessions expire and can all be revoked.
/// </summary>
public sealed class WebSessions(TimeProvider time, TimeSpan? codeLifetime = null, TimeSpan? sessionLifetime = null, IWebSessionStore? store = null)
{
    public static readonly TimeSpan DefaultCodeLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultSessionLifetime = TimeSpan.FromHours(12);
    public const int MaxOpenCodes = 100;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _codes = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(
        (store?.Load(time.GetUtcNow()) ?? []).Select(s => KeyValuePair.Create(s.Hash, s.ExpiresAt)));

    public TimeSpan CodeLifetime { get; } = codeLifetime ?? DefaultCodeLifetime;

    public TimeSpan SessionLifetime { get; } = sessionLifetime ?? DefaultSessionLifetime;

    /// <summary>Sessions alive now.</summary>
    public int ActiveSessions
    {
        get
        {
            var now = time.GetUtcNow();
            return _sessions.Count(s => s.Value > now);
        }
    }

    /// <summary>A fresh one-time code (URL-safe) and when it expires.</summary>
    public (string Code, DateTimeOffset ExpiresAt) NewCode()
    {
        Sweep();
        if (_codes.Count >= MaxOpenCodes) throw new InvalidOperationException($"{MaxOpenCodes} pairing codes are open; wait for them to expire or revoke");
        var code = Secret();
        var expires = time.GetUtcNow() + CodeLifetime;
        _codes[Hash(code)] = expires;
        return (code, expires);
    }

    /// <summary>Spends <paramref name="code"/>: a new session id, or null when the code is unknown, spent or expired.</summary>
    public (string SessionId, DateTimeOffset ExpiresAt)? Redeem(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 100) return null;
        if (!_codes.TryRemove(Hash(code), out var expires) || expires <= time.GetUtcNow()) return null;
        var session = Secret();
        var sessionExpires = time.GetUtcNow() + SessionLifetime;
        _sessions[Hash(session)] = sessionExpires;
        store?.Save(Hash(session), sessionExpires);
        return (session, sessionExpires);
    }

    /// <summary>A session for a browser that proved it holds the token (a login form): a code made and spent at once.</summary>
    public (string SessionId, DateTimeOffset ExpiresAt) Open() => Redeem(NewCode().Code)!.Value;

    /// <summary>Whether <paramref name="sessionId"/> is a live session.</summary>
    public bool IsValid(string? sessionId) =>
        !string.IsNullOrEmpty(sessionId) && sessionId.Length <= 100
        && _sessions.TryGetValue(Hash(sessionId), out var expires) && expires > time.GetUtcNow();

    /// <summary>Ends one session (a browser logging out).</summary>
    public bool End(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId) || !_sessions.TryRemove(Hash(sessionId), out _)) return false;
        store?.Delete(Hash(sessionId));
        return true;
    }

    /// <summary>Ends every session and spends every open code; answers how many sessions were alive.</summary>
    public int RevokeAll()
    {
        var alive = ActiveSessions;
        _sessions.Clear();
        _codes.Clear();
        store?.DeleteAll();
        return alive;
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, expires) in _codes) if (expires <= now) _codes.TryRemove(key, out _);
        foreach (var (key, expires) in _sessions)
            if (expires <= now && _sessions.TryRemove(key, out _)) store?.Delete(key);
    }

    private static string Secret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
}
