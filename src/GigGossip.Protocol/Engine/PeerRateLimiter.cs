using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// A token bucket per peer in virtual time: <paramref name="ratePerSecond"/> tokens refill each second
/// up to <paramref name="burst"/>. It bounds how many asks (and so how much remembered state) one peer
/// can cause, whatever it sends; the host disconnects peers that keep hitting it.
/// </summary>
public sealed class PeerRateLimiter(double ratePerSecond, double burst)
{
    private readonly Dictionary<PublicKey, (double Tokens, long At)> _buckets = [];

    /// <summary>Peers with a bucket.</summary>
    public int Peers => _buckets.Count;

    public bool TryTake(PublicKey peer, long nowUnixMs)
    {
        var (tokens, at) = _buckets.TryGetValue(peer, out var bucket) ? bucket : (burst, nowUnixMs);
        tokens = Math.Min(burst, tokens + Math.Max(0, nowUnixMs - at) / 1000.0 * ratePerSecond);
        var allowed = tokens >= 1;
        _buckets[peer] = (allowed ? tokens - 1 : tokens, nowUnixMs);
        return allowed;
    }

    /// <summary>Forgets a peer (when it disconnects), so the table is bounded by the peers connected.</summary>
    public void Forget(PublicKey peer) => _buckets.Remove(peer);
}
