using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using Google.Protobuf;

namespace GigGossip.Protocol.Settlement;

/// <summary>Where a settler's job stands: waiting for the money to be locked (and the job to be done), settled, or cancelled.</summary>
public enum SettlerJobState
{
    Locking = 0,
    Settled = 1,
    Cancelled = 2,
}

/// <summary>A reply hash the settler made, as a host saves it: the reply preimage and what is known of the reply invoice.</summary>
public sealed record SettlerReplyRecord(
    byte[] Preimage,
    PublicKey Replier,
    PublicKey Sender,
    string PayloadId,
    string? ReplyInvoice,
    bool Accepted,
    bool Released,
    bool Cancelled)
{
    public byte[] PaymentHash => Preimages.HashOf(Preimage);
}

/// <summary>A SettlementPromise's job, as a host saves it: the network preimage, its reply, and where the money stands.</summary>
public sealed record SettlerJobRecord(
    byte[] NetworkPreimage,
    byte[] ReplyPaymentHash,
    bool NetworkAccepted,
    bool KeyRevealed,
    SettlerJobState State)
{
    public byte[] NetworkPaymentHash => Preimages.HashOf(NetworkPreimage);
}

/// <summary>Replies and jobs of a <see cref="SettlerEngine"/>: all of them (<see cref="SettlerEngine.Export"/>) or those just changed.</summary>
public sealed record SettlerEngineState(IReadOnlyList<SettlerReplyRecord> Replies, IReadOnlyList<SettlerJobRecord> Jobs)
{
    public bool IsEmpty => Replies.Count == 0 && Jobs.Count == 0;
}

/// <summary>
/// A subject registered with a settler's authority, the properties the operator granted it, and whether the operator
/// approved it (under <see cref="RegistrationPolicy.Approval"/> only approved subjects get certificates themselves).
/// </summary>
public sealed record SettlerSubjectRecord(PublicKey Subject, IReadOnlyDictionary<string, byte[]> Properties, bool Approved = false);

/// <summary>A certificate a settler's authority issued: its serial, subject, and whether it is revoked.</summary>
public sealed record IssuedCertificateRecord(ByteString Serial, PublicKey Subject, bool Revoked);
