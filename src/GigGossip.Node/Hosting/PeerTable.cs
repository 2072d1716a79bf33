using GigGossip.Network.Peers;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Hosting;

/// <summary>Live connections by peer key: two nodes that dial each other have two, and frames go on the newest.</summary>
internal sealed class PeerTable
{
    private readonly object _gate = new();
    private readonly Dictionary<PublicKey, List<PeerConnection>> _byKey = [];

    /// <summary>Adds a connection; true when it is the first to its peer.</summary>
    public bool Add(PeerConnection connection)
    {
        lock (_gate)
        {
            if (!_byKey.TryGetValue(connection.RemoteNodeId, out var list)) _byKey[connection.RemoteNodeId] = list = [];
            list.Add(connection);
            return list.Count == 1;
        }
    }

    /// <summary>Removes a connection; true when it was the last to its peer.</summary>
    public bool Remove(PeerConnection connection)
    {
        lock (_gate)
        {
            if (!_byKey.TryGetValue(connection.RemoteNodeId, out var list) || !list.Remove(connection)) return false;
            if (list.Count > 0) return false;
            _byKey.Remove(connection.RemoteNodeId);
            return true;
        }
    }

    public PeerConnection? Current(PublicKey peer)
    {
        lock (_gate) return _byKey.TryGetValue(peer, out var list) ? list[^1] : null;
    }

    /// <summary>Every live connection to the peer.</summary>
    public IReadOnlyList<PeerConnection> All(PublicKey peer)
    {
        lock (_gate) return _byKey.TryGetValue(peer, out var list) ? [.. list] : [];
    }

    public IReadOnlyList<PublicKey> Keys
    {
        get { lock (_gate) return _byKey.Keys.ToList(); }
    }
}
