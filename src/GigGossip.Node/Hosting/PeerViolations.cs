using GigGossip.Network.Noise;

namespace GigGossip.Node.Hosting;

/// <summary>
/// Which transport failures are a peer's fault: a broken stream drops the peer at once. (Which refused frames are its
/// fault the engine judges, and asks for the drop with <see cref="Protocol.Engine.DropPeer"/>.)
/// </summary>
internal static class PeerViolations
{
    /// <summary>True when the connection ended because the peer broke the wire protocol (not a clean close, reset or timeout).</summary>
    public static bool IsMisbehaviour(TransportFailure failure) =>
        failure is TransportFailure.BadTag or TransportFailure.MessageTooLarge or TransportFailure.ProtocolViolation;
}
