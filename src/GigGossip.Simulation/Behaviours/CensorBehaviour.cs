using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Behaviours;

/// <summary>
/// The censorship attack. Before issue #15 the censor read the victim's network key in every request (the sender's
/// certificate named it) and hairpin-dropped exactly the victim's requests wherever they passed. Requests are now signed by
/// one-time keys and the onion is the same size at every hop, so a request no longer says who sent it; what a censor still
/// knows is who its own peers are. So it behaves properly from every vantage point but silently drops every ask and
/// broadcast that reaches it over a link from the victim: the victim's own requests (when it picks the censor as a first hop)
/// and, as collateral, whatever the victim relays for others. A request of the victim that leaves by an honest first hop
/// cannot be told from any other.
/// </summary>
public sealed class CensorBehaviour(PublicKey victim) : INodeBehaviour
{
    public string Name => "censor";

    public bool Reads(Frame frame, long nowUnixMs) => true;

    public bool ReadsFrom(PublicKey from, Frame frame, long nowUnixMs) =>
        !from.Equals(victim) || frame.KindCase is not (Frame.KindOneofCase.AskForBroadcast or Frame.KindOneofCase.PowBroadcast);

    public int Copies(Frame frame, long nowUnixMs) => 1;
}
