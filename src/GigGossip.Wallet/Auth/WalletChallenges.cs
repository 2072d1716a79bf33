using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GigGossip.Wallet.Auth;

/// <summary>
/// One-time nonces for session proofs: each is good once (a replayed proof finds it gone) and only until it
/// expires. Expired ones are dropped as new ones are made; at most <see cref="MaxOutstanding"/> wait at once.
/// </summary>
internal sealed class WalletChallenges(TimeProvider time, TimeSpan lifetime)
{
    public const int MaxOutstanding = 100_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _nonces = new();

    /// <summary>A fresh nonce and when it expires, or null when too many are outstanding.</summary>
    public (byte[] Nonce, DateTimeOffset ExpiresAt)? Issue()
    {
        var now = time.GetUtcNow();
        if (_nonces.Count >= MaxOutstanding)
            foreach (var (key, expiry) in _nonces)
                if (expiry <= now) _nonces.TryRemove(key, out _);
        if (_nonces.Count >= MaxOutstanding) return null;
        var nonce = RandomNumberGenerator.GetBytes(32);
        var expiresAt = now + lifetime;
        _nonces[Convert.ToHexStringLower(nonce)] = expiresAt;
        return (nonce, expiresAt);
    }

    /// <summary>Uses up the nonce: true only the first time, and only before it expires.</summary>
    public bool Consume(ReadOnlySpan<byte> nonce) =>
        _nonces.TryRemove(Convert.ToHexStringLower(nonce), out var expiresAt) && time.GetUtcNow() < expiresAt;
}
