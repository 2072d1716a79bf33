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

/// <summary>Anyone asks for a preimage the settler has published (after settlement).</summary>
public sealed record PreimageRequest(byte[] PaymentHash) : SettlerRequest;

/// <summary>What the sender says happened to the job.</summary>
public enum JobOutcome : byte
{
    Done = 1,
    Disputed = 2,
}
