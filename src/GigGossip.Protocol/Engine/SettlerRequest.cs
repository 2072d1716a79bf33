using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine;

/// <summary>A call to a settler's API. The same records travel in memory and (as JSON) over HTTP.</summary>
public abstract record SettlerRequest;

/// <summary>A replier asks for the payment hash of its reply invoice (the settler keeps the preimage).</summary>
public sealed record ReplyPaymentHashRequest(SignedRequestPayload SignedRequest, PublicKey Replier) : SettlerRequest;

/// <summary>
/// A replier asks for a SettlementPromise: the settler makes the network preimage, encrypts the
/// ReplyPayload with it, issues its own network invoice on its hash and signs the promise.
/// </summary>
public sealed record SettlementPromiseRequest(
    SignedRequestPayload SignedRequest,
    PublicKey Replier,
    byte[] ReplyPayload,
    string ReplyInvoice) : SettlerRequest;

/// <summary>The sender asks for the network key; signed by the key of its certificate.</summary>
public sealed record KeyRevealRequest(byte[] NetworkPaymentHash, byte[] Signature) : SettlerRequest
{
    public static byte[] SignedBytes(byte[] networkPaymentHash) => networkPaymentHash;
}

/// <summary>The sender reports the job done or disputes it; signed by the key of its certificate.</summary>
public sealed record JobReportRequest(byte[] NetworkPaymentHash, JobOutcome Outcome, byte[] Signature) : SettlerRequest
{
    public static byte[] SignedBytes(byte[] networkPaymentHash, JobOutcome outcome) => [(byte)outcome, .. networkPaymentHash];
}

/// <summary>
/// The replier (driver) reports the pickup code the sender (rider) told it at pickup: the proof of service that decides
/// an undecided dispute for the driver. Signed by the replier's certificate key over the hash and the code.
/// </summary>
public sealed record PickupReportRequest(byte[] NetworkPaymentHash, string Code, byte[] Signature) : SettlerRequest
{
    public static byte[] SignedBytes(byte[] networkPaymentHash, string code) => [.. networkPaymentHash, .. System.Text.Encoding.UTF8.GetBytes(code)];
}

/// <summary>
/// The sender or the replier of a disputed job says what happened, for the settler's operator to read before deciding.
/// Signed by that party's certificate key over the hash and the statement's UTF-8 bytes.
/// </summary>
public sealed record DisputeStatementRequest(byte[] NetworkPaymentHash, string Statement, byte[] Signature) : SettlerRequest
{
    /// <summary>The longest statement a settler keeps, in characters.</summary>
    public const int MaxLength = 2_000;

    public static byte[] SignedBytes(byte[] networkPaymentHash, string statement) => [.. networkPaymentHash, .. System.Text.Encoding.UTF8.GetBytes(statement)];
}

/// <summary>Anyone asks for a preimage the settler has published (after settlement).</summary>
public sealed record PreimageRequest(byte[] PaymentHash) : SettlerRequest;

/// <summary>What the sender says happened to the job.</summary>
public enum JobOutcome : byte
{
    Done = 1,
    Disputed = 2,
}
