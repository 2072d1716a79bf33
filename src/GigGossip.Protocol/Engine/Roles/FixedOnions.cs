using GigGossip.Protocol.Onion;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// Protocol version 2 (issue #15) carries only the fixed-size backward onion: a frame with the version 1 onion, or with a
/// fixed one of another length, is refused with the reason, before anything else is done with it.
/// </summary>
internal static class FixedOnions
{
    public static (RejectionReason Reason, string Detail)? Problem(ByteString oldOnion, ByteString fixedOnion)
    {
        if (oldOnion.Length > 0 || fixedOnion.Length == 0)
            return (RejectionReason.OldOnionFormat, "the frame carries the version 1 onion (backward_onion); this node takes only the fixed-size onion of version 2 (fixed_backward_onion): the peer must upgrade");
        if (fixedOnion.Length != FixedSizeOnion.Length)
            return (RejectionReason.MalformedOnion, $"the fixed-size onion is {fixedOnion.Length} bytes, not {FixedSizeOnion.Length}");
        return null;
    }
}
