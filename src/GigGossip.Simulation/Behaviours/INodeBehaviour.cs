using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Behaviours;

/// <summary>
/// An attacker is an ordinary engine behind a policy that decides what it reads and what it really
/// sends: the host applies the policy at the node's links, the engine itself is the honest one.
/// </summary>
public interface INodeBehaviour
{
    /// <summary>The attack's name in reports.</summary>
    string Name { get; }

    /// <summary>Whether the node reads a frame that reached it (a silent node reads nothing).</summary>
    bool Reads(Frame frame, long nowUnixMs);

    /// <summary>As <see cref="Reads"/>, knowing the peer the frame came by (what a node always knows of its own links).</summary>
    bool ReadsFrom(Protocol.Crypto.PublicKey from, Frame frame, long nowUnixMs) => Reads(frame, nowUnixMs);

    /// <summary>How many copies of a frame its engine sent go on the link: 0 drops it, more than 1 replays it.</summary>
    int Copies(Frame frame, long nowUnixMs);

    /// <summary>Whether the node spends its hash rate on the proofs of work its engine asks for.</summary>
    bool DoesWork => true;
}
