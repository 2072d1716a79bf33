using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

namespace GigGossip.Simulation;

/// <summary>Links that come and go at the nodes' own choice (discovery and pruning), not only by churn.</summary>
public sealed partial class SimulatedNetwork
{
    /// <summary>Whether the two nodes have a link.</summary>
    public bool Linked(SimNode a, SimNode b) => _links.Contains((a.Id, b.Id));

    /// <summary>Closes the link between two nodes; both engines see the peer go.</summary>
    public void Disconnect(SimNode a, SimNode b)
    {
        if (!_links.Remove((a.Id, b.Id))) return;
        _links.Remove((b.Id, a.Id));
        a.Neighbours.Remove(b);
        b.Neighbours.Remove(a);
        if (a.Online) Deliver(a, new PeerDisconnected(b.Id));
        if (b.Online) Deliver(b, new PeerDisconnected(a.Id));
    }

    /// <summary>The node's network key (what signs its peer records), derived from the seed like every key of the run.</summary>
    public SecretKey KeyOf(SimNode node) => DeriveKey("node", node.Index);
}
