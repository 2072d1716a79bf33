using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine;

/// <summary>A settler's answer to a <see cref="SettlerRequest"/>.</summary>
public abstract record SettlerResponse;

public sealed record ReplyPaymentHashIssued(byte[] ReplyPaymentHash) : SettlerResponse;

public sealed record SettlementPromiseIssued(
    SignedSettlementPromise Promise,
    byte[] EncryptedReplyPayload,
    string SettlerNetworkInvoice) : SettlerResponse;

public sealed record KeyRevealed(byte[] NetworkPreimage) : SettlerResponse;

public sealed record PreimagePublished(byte[] Preimage) : SettlerResponse;

public sealed record Acknowledged : SettlerResponse;

/// <summary>The settler will not (or not yet) do what was asked.</summary>
public sealed record SettlerRefused(SettlerRefusal Reason, string Message) : SettlerResponse;

public enum SettlerRefusal
{
    /// <summary>Not every invoice is Accepted yet; ask again later.</summary>
    NotYet,
    /// <summary>The signature or the caller is not the one the job belongs to.</summary>
    Unauthorized,
    /// <summary>No such job, hash or subject.</summary>
    Unknown,
    /// <summary>The job was cancelled (dispute or deadline): nothing will be revealed.</summary>
    Cancelled,
    /// <summary>The request itself is malformed or fails a check.</summary>
    BadRequest,
    /// <summary>The job is already settled (or settling): it can no longer be disputed or refunded.</summary>
    Settled,
    /// <summary>A hold on the job's money expires before the job and its dispute window end: the key is not revealed.</summary>
    HoldTooShort,
}
