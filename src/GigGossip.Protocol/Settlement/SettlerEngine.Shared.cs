namespace GigGossip.Protocol.Settlement;

/// <summary>
/// A settler whose state lives in a database shared by several processes (docs/operator/settler-scale-out.md): for each
/// input the host locks one reply group (a reply and its jobs) in the database, restores it into a new engine with
/// <see cref="RestoreGroup"/>, lets the engine decide, and saves the group back in the same transaction. The key-reveal
/// nonces are part of the saved group, so no restart gate is needed and a replay at another process is refused.
/// </summary>
public sealed partial class SettlerEngine
{
    /// <summary>Records are never forgotten by an engine that holds one group: the database prunes them.</summary>
    private const long NeverMs = long.MaxValue / 4;

    /// <summary>
    /// Loads one locked group (replies and their jobs, with the key-reveal nonces seen within the freshness window) into a
    /// new engine. Unlike <see cref="Restore"/>, requests signed before now are taken: the nonces are all here.
    /// </summary>
    public void RestoreGroup(SettlerEngineState state, IEnumerable<SettlerRevealNonce> nonces)
    {
        UnusedRecordLifetimeMs = NeverMs;
        Restore(state, nowUnixMs: 0);
        _awaitingFirstInputAfterRestore = false;
        foreach (var nonce in nonces)
            if (_jobs.TryGetValue(Hex(nonce.NetworkPaymentHash), out var job)) job.RevealNonces.TryAdd(nonce.NonceHex, nonce.SignedAtUnixMs);
    }

    /// <summary>Every key-reveal nonce the engine's jobs remember (a host saves the new ones with the group).</summary>
    public IReadOnlyList<SettlerRevealNonce> RevealNonces() =>
        [.. _jobs.Values.SelectMany(j => j.RevealNonces.Select(n => new SettlerRevealNonce(j.NetworkPaymentHash, n.Key, n.Value)))];
}

/// <summary>A key-reveal request's nonce (hex) seen for a job, with the time it was signed at.</summary>
public sealed record SettlerRevealNonce(byte[] NetworkPaymentHash, string NonceHex, long SignedAtUnixMs);
