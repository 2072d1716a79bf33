namespace GigGossip.Settler.Http;

/// <summary>
/// The replier's signed statement that its own wallet holds its reply invoice Accepted until <see cref="HoldUntilUnixMs"/>
/// (hex payment hash, hex SHA-256 of the exact reply invoice text, hex BIP340 signature under gig-gossip/reply-accepted).
/// Answered like <c>GET /v1/preimages/{hash}</c>.
/// </summary>
public sealed record ReplyAcceptedRequestJson(string? ReplyPaymentHash, string? ReplyInvoiceHash, long? HoldUntilUnixMs, string? Signature);
