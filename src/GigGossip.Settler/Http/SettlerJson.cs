using GigGossip.Protocol.Engine;

namespace GigGossip.Settler.Http;

// The settler API's JSON: keys, hashes, preimages, signatures and serials in hex; protobuf messages
// (SignedRequestPayload, ReplyPayload, SignedSettlementPromise, SignedCertificate, SignedRevocationList) in base64.

public sealed record SettlerInfoJson(string Uri, string PublicKey);

public sealed record RevocationListJson(string SignedRevocationList);

/// <summary>A subject's proof (see <see cref="SubjectProof"/>): POST /v1/subjects and POST /v1/certificates.</summary>
public sealed record SubjectProofJson(string? PublicKey, long? TimestampUnixMs, string? Signature);

/// <summary>A registered subject, the properties granted to it (values in hex) and whether the operator approved it.</summary>
public sealed record SubjectJson(string PublicKey, IReadOnlyDictionary<string, string> Properties, bool Approved = false);

/// <summary>GET /v1/admin/subjects: every registered subject.</summary>
public sealed record SubjectsJson(IReadOnlyList<SubjectJson> Subjects);

public sealed record CertificateJson(string Certificate, string Serial);

/// <summary>
/// The replier's reply-hash request: its certificate (base64 SignedCertificate), the time it signed (Unix ms) and its
/// signature under gig-gossip/reply-hash-request over payload id || replier key || timestamp (8 bytes big-endian).
/// </summary>
public sealed record ReplyPaymentHashRequestJson(string? SignedRequest, string? Replier, string? ReplierCertificate = null, long? TimestampUnixMs = null, string? Signature = null);

public sealed record ReplyPaymentHashJson(string ReplyPaymentHash);

public sealed record SettlementPromiseRequestJson(string? SignedRequest, string? Replier, string? ReplyPayload, string? ReplyInvoice);

public sealed record SettlementPromiseJson(string Promise, string EncryptedReplyPayload, string NetworkInvoice);

/// <summary>
/// The sender's key reveal request (version 2), signed under gig-gossip/key-reveal/2 over settler key || network payment hash ||
/// reply payment hash || payload id || timestamp (8 bytes big-endian) || nonce (16 bytes, hex here). Without timestamp and
/// nonce it is the refused version 1.
/// </summary>
public sealed record KeyRevealRequestJson(string? NetworkPaymentHash, string? Signature, long? TimestampUnixMs = null, string? Nonce = null);

public sealed record KeyRevealedJson(string NetworkPreimage);

/// <summary>The sender's report, signed under gig-gossip/job-report over outcome byte || network payment hash.</summary>
public sealed record JobReportRequestJson(string? NetworkPaymentHash, JobOutcome? Outcome, string? Signature);

public sealed record AcknowledgedJson(bool Acknowledged);

public sealed record PreimageJson(string PaymentHash, string Preimage);

/// <summary>
/// POST /v1/one-time-certificates: a certified node asks for one-time certificates (docs/protocol/privacy.md, "Unlinkable
/// senders"): its own certificate (base64 SignedCertificate), 1-32 distinct one-time keys (hex), the time it signed (Unix ms)
/// and its signature under gig-gossip/one-time-certificates over settler key || timestamp (8 bytes big-endian) || each key.
/// </summary>
public sealed record OneTimeCertificatesRequestJson(string? SubjectCertificate, IReadOnlyList<string?>? Keys, long? TimestampUnixMs, string? Signature);

/// <summary>One one-time certificate (base64 SignedCertificate) and the openings of its property commitments (base64 PropertyOpening each).</summary>
public sealed record OneTimeCertificateJson(string Certificate, IReadOnlyList<string> Openings);

/// <summary>The answer: one certificate per key, in the request's order.</summary>
public sealed record OneTimeCertificatesJson(IReadOnlyList<OneTimeCertificateJson> Certificates);

/// <summary>POST /v1/admin/grants: the property's value in hex (default 01).</summary>
public sealed record GrantRequest(string? Subject, string? Property, string? Value);

public sealed record RevokeRequest(string? Serial);

public sealed record IssueRequest(string? Subject);
