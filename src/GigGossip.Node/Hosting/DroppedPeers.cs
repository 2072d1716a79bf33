using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Hosting;

/// <summary>
/// Peers the node dropped for misbehaving, each refused until its cool-off ends; entries past it are forgotten on
/// every look-up, so the table holds only the peers dropped within one cool-off.
/// </summary>
internal sealed class DroppedPeers(TimeProvider time, TimeSpan cooloff)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<PublicKey, (DateTimeOffset Until, string Reason)> _dropped = [];

    public int Count
    {
        get { lock (_gate) return _dropped.Count; }
    }

    public void Add(PublicKey peer, string reason)
    {
        if (cooloff <= TimeSpan.Zero) return;
        lock (_gate) _dropped[peer] = (time.GetUtcNow() + cooloff, reason);
    }

    /// <summary>Why <paramref name="peer"/> is still refused, or null when it may connect.</summary>
    public string? Refusal(PublicKey peer)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var expired in _dropped.Where(d => d.Value.Until <= now).Select(d => d.Key).ToList()) _dropped.Remove(expired);
            return _dropped.TryGetValue(peer, out var entry)
                ? $"refused for another {(entry.Until - now).TotalSeconds:0} s: it was {entry.Reason}"
                : null;
        }
    }
}
