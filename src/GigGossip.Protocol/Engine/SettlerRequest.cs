using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine;

/// <summary>A call to a settler's API. The same records travel in memory and (as JSON) over HTTP.</summary>
public abstract record SettlerRequest;

/// <summary>
/// A replier asks for the payment hash of its reply invoice (the settler keeps the preimage). It shows its
/// certificate and proves it holds the certificate's key: <see cref="Signature"/> is BIP340 under
/// <see cref="SignatureTags.ReplyHashRequest"/> over <see cref="SignedBytes"/>, within the settler's clock tolerance.
/// </summary>
public sealed record ReplyPaymentHashRequest(SignedRequestPayload SignedRequest, PublicKey Replier) : SettlerRequest
{
    /// <summary>The replier's certificate; its subject must be <see cref="Replier"/>.</summary>
    public SignedCertificate? ReplierCertificate { get; init; }

    /// <summary>When the replier signed, Unix ms.</summary>
    public long TimestampUnixMs { get; init; }

    /// <summary>The replier's proof of key possession (64 bytes), or empty when missing.</summary>
    public byte[] Signature { get; init; } = [];

    /// <summary>payload_id (16 bytes) || replier key (32) || timestamp (Unix ms, 8 bytes big-endian).</summary>
    public static byte[] SignedBytes(ReadOnlySpan<byte> payloadId, PublicKey replier, long timestampUnixMs)
    {
        var time = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(time, timestampUnixMs);
        return [.. payloadId, .. replier.Bytes, .. time];
    }

    /// <summary>The request a replier makes with its key and certificate at <paramref name="nowUnixMs"/>.</summary>
    public static ReplyPaymentHashRequest Create(SignedRequestPayload signedRequest, SignedCertificate replierCertificate, SecretKey replier, long nowUnixMs)
    {
        ArgumentNullException.ThrowIfNull(signedRequest);
        var payloadId = signedRequest.ReadRequestPayload().PayloadId;
        return new ReplyPaymentHashRequest(signedRequest, replier.PublicKey)
        {
            ReplierCertificate = replierCertificate,
            TimestampUnixMs = nowUnixMs,
            Signature = replier.Sign(SignatureTags.ReplyHashRequest, SignedBytes(payloadId.Span, replier.PublicKey, nowUnixMs)),
        };
    }
}

/// <summary>
/// A replier asks for a SettlementPromise: the settler makes the network preimage, encrypts the
/// ReplyPayload with it, issues its own network invoice on its hash and signs the promise. The ReplyPayload
/// carries the replier's signature (<see cref="ReplySignatures"/>) over the request, its message and the invoice.
/// </summary>
public sealed record SettlementPromiseRequest(
    SignedRequestPayload SignedRequest,
    PublicKey Replier,
    byte[] ReplyPayload,
    string ReplyInvoice) : SettlerRequest;

/// <summary>
/// The sender asks for the network key (version 2): <see cref="Signature"/> is BIP340 by the key of its certificate under
/// <see cref="SignatureTags.KeyRevealRequest"/> over <see cref="SignedBytes"/>, which binds the request to this settler and this
/// job (network and reply payment hashes, payload id) and makes it fresh (a timestamp within <see cref="FreshnessMs"/> of the
/// settler's clock and a nonce the settler refuses to see twice in that window), so a seen request cannot be replayed.
/// A version-1 request (no timestamp, no nonce, signed over the network payment hash only) is refused with that reason.
/// </summary>
public sealed record KeyRevealRequest(byte[] NetworkPaymentHash, byte[] Signature) : SettlerRequest
{
    /// <summary>How far a request's timestamp may be from the settler's clock, either way.</summary>
    public const long FreshnessMs = 300_000;

    public const int NonceLength = 16;

    /// <summary>When the sender signed, Unix ms (0 in a version-1 request).</summary>
    public long TimestampUnixMs { get; init; }

    /// <summary>16 bytes the sender draws for this request (empty in a version-1 request).</summary>
    public byte[] Nonce { get; init; } = [];

    /// <summary>A version-1 request: the old form, signed over the network payment hash only.</summary>
    public bool IsVersion1 => TimestampUnixMs == 0 && Nonce.Length == 0;

    /// <summary>
    /// settler key (32) || network payment hash (32) || reply payment hash (32) || payload id (16) || timestamp (Unix ms,
    /// 8 bytes big-endian) || nonce (16).
    /// </summary>
    public static byte[] SignedBytes(PublicKey settler, ReadOnlySpan<byte> networkPaymentHash, ReadOnlySpan<byte> replyPaymentHash,
        ReadOnlySpan<byte> payloadId, long timestampUnixMs, ReadOnlySpan<byte> nonce)
    {
        ArgumentNullException.ThrowIfNull(settler);
        var time = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(time, timestampUnixMs);
        return [.. settler.Bytes, .. networkPaymentHash, .. replyPaymentHash, .. payloadId, .. time, .. nonce];
    }

    /// <summary>The request a sender makes for one job at <paramref name="nowUnixMs"/> with a fresh <paramref name="nonce"/>.</summary>
    public static KeyRevealRequest Create(SecretKey sender, PublicKey settler, byte[] networkPaymentHash, byte[] replyPaymentHash,
        byte[] payloadId, long nowUnixMs, byte[] nonce)
    {
        ArgumentNullException.ThrowIfNull(sender);
        var signature = sender.Sign(SignatureTags.KeyRevealRequest, SignedBytes(settler, networkPaymentHash, replyPaymentHash, payloadId, nowUnixMs, nonce));
        return new KeyRevealRequest(networkPaymentHash, signature) { TimestampUnixMs = nowUnixMs, Nonce = nonce };
    }
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
