using GigGossip.Network.Noise;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Hosting;

/// <summary>
/// Which refusals are a peer's fault. An honest peer on a graph with cycles sees its frames refused for reasons
/// of policy or timing (a payload already broadcast, a late reply, a fee too high, an onion at its depth limit); those are never held against it.
/// Everything else (over the ask rate, a proof of work that is wrong, stale or replayed, a bad signature or onion)
/// counts towards <see cref="NodeHostOptions.MaxRejectedFrames"/>, and a broken stream drops the peer at once.
/// </summary>
internal static class PeerViolations
{
    public static bool Counts(RejectionReason reason) => PeerFaults.IsFault(reason);

    /// <summary>True when the connection ended because the peer broke the wire protocol (not a clean close, reset or timeout).</summary>
    public static bool IsMisbehaviour(TransportFailure failure) =>
        failure is TransportFailure.BadTag or TransportFailure.MessageTooLarge or TransportFailure.ProtocolViolation;
}
