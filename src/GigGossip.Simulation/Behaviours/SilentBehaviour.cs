using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Behaviours;

/// <summary>The silent attack: stays connected, reads nothing, answers nothing.</summary>
public sealed class SilentBehaviour : INodeBehaviour
{
    public string Name => "silent";

    public bool Reads(Frame frame, long nowUnixMs) => false;

    public int Copies(Frame frame, long nowUnixMs) => 0;
}
