using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Behaviours;

/// <summary>
/// The chatterbox attack: relays honestly, but sends every broadcast and every ask
/// <paramref name="copies"/> times, replaying the same proof of work and ask ids.
/// </summary>
public sealed class ChatterboxBehaviour(int copies) : INodeBehaviour
{
    public string Name => "chatterbox";

    public bool Reads(Frame frame, long nowUnixMs) => true;

    public int Copies(Frame frame, long nowUnixMs) =>
        frame.KindCase is Frame.KindOneofCase.PowBroadcast or Frame.KindOneofCase.AskForBroadcast ? copies : 1;
}
