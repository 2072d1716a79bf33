using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Simulation.Behaviours;

namespace GigGossip.Simulation;

/// <summary>A node in the simulated network: its engine, its wallet account and what it told its app.</summary>
public sealed class SimNode(int index, NodeEngine engine)
{
    public int Index { get; } = index;

    public string Name => $"n{Index}";

    public NodeEngine Engine { get; } = engine;

    public PublicKey Id => Engine.Id;

    public string Account => Id.ToHex();

    public bool Online { get; set; } = true;

    /// <summary>How the node really treats frames; null for an honest node that does what its engine says.</summary>
    public INodeBehaviour? Behaviour { get; set; }

    public bool IsAttacker => Behaviour is not null;

    /// <summary>What the node's account was funded with when it joined.</summary>
    public long InitialFundingMsat { get; init; }

    /// <summary>What the node told its app, while the network keeps events (<see cref="SimulatedNetwork.KeepEvents"/>).</summary>
    public List<NodeEvent> Events { get; } = [];

    public IEnumerable<T> EventsOf<T>() where T : NodeEvent => Events.OfType<T>();

    /// <summary>Frames and bytes this node put on its links.</summary>
    public long FramesSent { get; internal set; }

    public long BytesSent { get; internal set; }

    /// <summary>Hashes this node spent on proofs of work (expected tries of every target it solved).</summary>
    public double PowTries { get; internal set; }

    /// <summary>When its proof-of-work solver is free again: solves queue on one node's hash rate.</summary>
    internal long PowBusyUntil { get; set; }

    /// <summary>When it has read every frame that reached it, under a processing cost per frame (in microseconds).</summary>
    internal long CpuBusyUntilUs { get; set; }

    /// <summary>The nodes it has a link with, online or not.</summary>
    public List<SimNode> Neighbours { get; } = [];

    public override string ToString() => Name;
}
