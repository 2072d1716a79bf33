using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// Counts each connected peer's refused frames that are its own fault and asks the host to drop it (<see cref="DropPeer"/>)
/// when they reach <see cref="NodePolicy.MaxRejectedFramesPerPeer"/>. An honest peer on a graph with cycles sees its frames
/// refused for reasons of policy or timing (a payload already broadcast, a late reply, a fee too high, an onion at its depth
/// limit); those never count. The count starts again when the peer connects or disconnects.
/// </summary>
internal sealed class PeerConduct
{
    private Dictionary<PublicKey, int>? _refusedMap;
    private Dictionary<PublicKey, int> _refused => _refusedMap ??= [];

    public static bool IsPeersFault(RejectionReason reason) => reason is not (
        RejectionReason.MultibroadcastLimit or RejectionReason.ReplyAfterDeadline or RejectionReason.UnknownPayload or
        RejectionReason.CertificateRejected or RejectionReason.TopicRejected or RejectionReason.UntrustedSettler or
        RejectionReason.ConditionsTooExpensive or RejectionReason.FeeAboveLimit or RejectionReason.PriceAboveLimit or
        RejectionReason.HopLimit);

    public void Forget(PublicKey peer) => _refusedMap?.Remove(peer);

    /// <summary>The drop to ask for when this refusal is the peer's last allowed one, else null.</summary>
    public DropPeer? Refused(PublicKey peer, RejectionReason reason, string detail, int? limit)
    {
        if (limit is not { } max || !IsPeersFault(reason)) return null;
        var count = _refused.GetValueOrDefault(peer) + 1;
        _refused[peer] = count;
        return count == max ? new DropPeer(peer, $"dropped after {count} refused frames (the last: {reason}, {detail})") : null;
    }
}
