using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Behaviours;

/// <summary>
/// A spammer follows the protocol to the letter (it pays every proof of work it is asked for); its
/// attack is the stream of fake requests the scenario makes it send, and it never pays for an offer.
/// </summary>
public sealed class SpammerBehaviour : INodeBehaviour
{
    public string Name => "spam";

    public bool Reads(Frame frame, long nowUnixMs) => true;

    public int Copies(Frame frame, long nowUnixMs) => 1;
}
