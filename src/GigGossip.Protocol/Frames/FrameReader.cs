using Google.Protobuf;

namespace GigGossip.Protocol.Frames;

/// <summary>
/// Reads the messages that frames carry as signed or encrypted bytes. Each call checks structure
/// and throws <see cref="FrameFormatException"/> when it is wrong; signatures are checked by
/// <see cref="SignedRequests"/>, <see cref="SettlementPromises"/> and the certificate verifier.
/// </summary>
public static class FrameReader
{
    public static Certificate ReadCertificate(this SignedCertificate signed, FrameLimits? limits = null) =>
        PayloadReader.ReadCertificate(signed, "signed_certificate", limits ?? FrameLimits.Default);

    public static RequestPayload ReadRequestPayload(this SignedRequestPayload signed, FrameLimits? limits = null) =>
        PayloadReader.ReadRequestPayload(signed, "signed_request_payload", limits ?? FrameLimits.Default);

    /// <summary>The broadcast payload of a PowBroadcastFrame, parsed from the exact bytes the proof of work covers.</summary>
    public static BroadcastPayload ReadBroadcastPayload(this PowBroadcastFrame frame, FrameLimits? limits = null) =>
        PayloadReader.ReadBroadcastPayload(frame.BroadcastPayload, "broadcast_payload", limits ?? FrameLimits.Default);

    public static SettlementPromise ReadSettlementPromise(this SignedSettlementPromise signed) =>
        PayloadReader.ReadSettlementPromise(signed, "signed_settlement_promise");

    public static RevocationList ReadRevocationList(this SignedRevocationList signed) =>
        PayloadReader.ReadRevocationList(signed, "signed_revocation_list");

    /// <summary>A reply payload after the sender has decrypted ReplyFrame.encrypted_reply_payload.</summary>
    public static ReplyPayload ReadReplyPayload(ReadOnlySpan<byte> plaintext, FrameLimits? limits = null) =>
        PayloadReader.ReadReplyPayload(ByteString.CopyFrom(plaintext), "reply_payload", limits ?? FrameLimits.Default);
}
