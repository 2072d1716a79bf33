namespace GigGossip.Wallet.Http;

/// <summary>GET /v1/auth/challenge answer: sign it with <see cref="Auth.WalletSessionProof"/>.</summary>
public sealed record ChallengeJson(string Nonce, string NodeId, long ExpiresAt);

/// <summary>POST /v1/auth/session body: the account's key (hex), the nonce, the proof.</summary>
public sealed record SessionRequest(string? Account, string? Nonce, string? Signature);

public sealed record SessionJson(string Token, string Account, long ExpiresAt);

public sealed record BalanceJson(string Account, long BalanceMsat);

/// <summary>POST /v1/invoices body; expiry and hold default as in <see cref="Payments.HodlInvoiceRequest"/>.</summary>
public sealed record CreateInvoiceRequest(string? PaymentHash, long? AmountMsat, string? Description, long? ExpirySeconds, int? MinFinalCltvExpiryDelta);

/// <summary>POST /v1/payments body; <see cref="HoldUntil"/> (Unix ms) defaults to the invoice's minimum hold.</summary>
public sealed record PayRequest(string? Bolt11, long? HoldUntil);

public sealed record SettleRequest(string? Preimage);

/// <summary>POST /v1/watches body.</summary>
public sealed record WatchRequest(string? Bolt11);

/// <summary>POST /v1/admin/fund body.</summary>
public sealed record FundRequest(string? Account, long? AmountMsat);

/// <summary>GET /v1/admin/audit answer.</summary>
public sealed record AuditJson(bool Balanced, long MintedMsat, long AccountsMsat, long HeldMsat, int Accounts, IReadOnlyList<string> Problems);
