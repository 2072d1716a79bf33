using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

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

    /// <summary>What the node's account was funded with when it joined.</summary>
    public long InitialFundingMsat { get; init; }

    public List<NodeEvent> Events { get; } = [];

    public IEnumerable<T> EventsOf<T>() where T : NodeEvent => Events.OfType<T>();

    public override string ToString() => Name;
}
