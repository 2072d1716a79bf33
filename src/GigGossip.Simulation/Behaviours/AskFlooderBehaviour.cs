using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Behaviours;

/// <summary>
/// A DDoS attacker: floods its peers with AskForBroadcast frames for ever new requests and never does the
/// proof of work, so it costs the honest nodes their checks and their memory of open conditions.
/// </summary>
public sealed class AskFlooderBehaviour : INodeBehaviour
{
    public string Name => "ddos";

    public bool DoesWork => false;

    public bool Reads(Frame frame, long nowUnixMs) => true;

    public int Copies(Frame frame, long nowUnixMs) => frame.KindCase == Frame.KindOneofCase.AskForBroadcast ? 1 : 0;
}
