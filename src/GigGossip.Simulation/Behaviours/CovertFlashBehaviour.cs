using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Behaviours;

/// <summary>The covert flash attack: behaves until <paramref name="flashAtUnixMs"/>, then drops everything with the others.</summary>
public sealed class CovertFlashBehaviour(long flashAtUnixMs) : INodeBehaviour
{
    private static readonly BlackHoleBehaviour Dropping = new();

    public long FlashAtUnixMs { get; } = flashAtUnixMs;

    public string Name => "covert-flash";

    public bool Reads(Frame frame, long nowUnixMs) => true;

    public int Copies(Frame frame, long nowUnixMs) => nowUnixMs < FlashAtUnixMs ? 1 : Dropping.Copies(frame, nowUnixMs);
}
