using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Behaviours;

/// <summary>
/// A Sybil that drops: it answers AskForBroadcast with conditions (so honest peers spend proof of work
/// on it) and takes the broadcast, but never forwards it and never routes a reply back.
/// </summary>
public sealed class BlackHoleBehaviour : INodeBehaviour
{
    public string Name => "drop";

    public bool Reads(Frame frame, long nowUnixMs) => true;

    public int Copies(Frame frame, long nowUnixMs) => frame.KindCase == Frame.KindOneofCase.PowBroadcastConditions ? 1 : 0;
}
