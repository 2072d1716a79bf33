namespace GigGossip.Protocol.Frames;

/// <summary>
/// Bytes from a peer (or a message built locally) that are not a well-formed Gig-gossip frame:
/// too big, not protobuf, a required part missing, or a field of the wrong length.
/// The message names the offending field by its path, e.g. <c>reply.settlement_promise.signature</c>.
/// </summary>
public sealed class FrameFormatException(string message) : Exception(message);
