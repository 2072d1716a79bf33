using GigGossip.Protocol.Peers;

namespace GigGossip.Simulation.Discovery;

/// <summary>A node's discovery state in the simulator: its address and the same <see cref="PeerManager"/> the daemon runs.</summary>
public sealed class SimPeer(SimNode node, string address, PeerManager manager, bool isSybil)
{
    public SimNode Node { get; } = node;
    public string Address { get; } = address;
    public PeerManager Manager { get; } = manager;
    /// <summary>A Sybil dials honest nodes as fast as their caps let it and answers address requests with Sybils only.</summary>
    public bool IsSybil { get; } = isSybil;
}
