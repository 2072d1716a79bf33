using GigGossip.Node.Control;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;

namespace GigGossip.Node.Hosting;

/// <summary>What `giggossip peers` shows: the configured peers, the connected ones and, with discovery, every peer that still has a score.</summary>
public sealed partial class NodeHost
{
    /// <summary>Each peer with its direction, score and score parts (read on the mailbox thread).</summary>
    public Task<IReadOnlyList<PeerView>> PeerViewsAsync(CancellationToken cancellationToken = default) =>
        OnLoopAsync(() => PeerViews(NowMs), cancellationToken);

    private IReadOnlyList<PeerView> PeerViews(long now)
    {
        var connected = _peers.Keys.ToHashSet();
        var order = new List<PublicKey>();
        var configured = new Dictionary<PublicKey, string>();
        foreach (var a in _options.Peers)
        {
            if (!configured.TryAdd(a.NodeId, $"{a.NodeId.ToHex()}@{a.Host}:{a.Port}")) continue;
            order.Add(a.NodeId);
        }
        order.AddRange(connected.Where(k => !configured.ContainsKey(k)).OrderBy(k => k.ToHex(), StringComparer.Ordinal));
        if (_manager is { } manager)
            order.AddRange(manager.Scores.Export(now).Select(s => s.Peer).Where(k => !order.Contains(k)).OrderBy(k => k.ToHex(), StringComparer.Ordinal));
        var anchors = _manager?.Anchors(now).Select(a => a.Node).ToHashSet() ?? [];
        return order.Select(key => View(key, now, connected.Contains(key), configured.GetValueOrDefault(key), anchors.Contains(key))).ToList();
    }

    private PeerView View(PublicKey key, long now, bool connected, string? configuredAddress, bool anchor)
    {
        var info = _manager?.Connected.GetValueOrDefault(key);
        var direction = info is not null ? (info.Inbound ? "inbound" : "outbound")
            : connected ? (_peers.Current(key)?.Connection.IsInitiator == true ? "outbound" : "inbound") : null;
        var advertised = _manager?.Book.Find(key)?.Record.Address;
        var hostPort = advertised ?? info?.Address;
        var address = configuredAddress ?? (hostPort is null ? null : $"{key.ToHex()}@{hostPort}");
        if (_manager is not { } manager) return new PeerView(key.ToHex(), connected, address, direction, configuredAddress is not null);
        var parts = manager.Scores.Parts(key, now);
        return new PeerView(key.ToHex(), connected, address, direction, configuredAddress is not null, parts.Total,
            new PeerScorePartsView(parts.FirstDeliveries, parts.RoutedReplies, parts.SettledFees, parts.InvalidFrames, parts.AskTimeouts, parts.Colocation, parts.Outbound, parts.RecentAsks, parts.DeliveryDeficit),
            manager.Scores.IsGraylisted(key, now), anchor);
    }
}
