using System.Text.Json;
using System.Text.Json.Serialization;

namespace GigGossip.Lnd.Rest;

/// <summary>
/// JSON as LND's REST gateway speaks it: snake_case names, 64-bit integers as strings (read either way), bytes as
/// standard base64, enums as their names; absent fields are not sent (the gateway refuses unknown ones, never missing ones).
/// </summary>
internal static class LndJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A hash in a URL path or query: padded base64url (plain base64's '/' and '+' break the route or the query).</summary>
    public static string UrlBytes(ReadOnlySpan<byte> bytes) => Uri.EscapeDataString(Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_'));
}

internal sealed record LnStatus(int Code, string? Message);

internal sealed record LnGetInfo(string? IdentityPubkey, int BlockHeight, bool SyncedToChain, string? Version, string? Alias);

internal sealed record LnAmount(long Sat, long Msat);

internal sealed record LnChannelBalance(LnAmount? LocalBalance, LnAmount? PendingOpenLocalBalance, LnAmount? UnsettledLocalBalance);

internal sealed record LnPayReq(string? Destination, string? PaymentHash, long NumMsat, long Timestamp, long Expiry, string? Description, long CltvExpiry, byte[]? PaymentAddr);

internal sealed record LnAddHoldInvoiceRequest(string Memo, byte[] Hash, long ValueMsat, long Expiry, long CltvExpiry);

internal sealed record LnAddHoldInvoiceResponse(string? PaymentRequest, long AddIndex, byte[]? PaymentAddr);

internal sealed record LnSettleInvoiceRequest(byte[] Preimage);

internal sealed record LnCancelInvoiceRequest(byte[] PaymentHash);

internal sealed record LnEmpty;

internal sealed record LnInvoiceHtlc(long AmtMsat, int AcceptHeight, long AcceptTime, long ResolveTime, int ExpiryHeight, string? State);

internal sealed record LnInvoice(
    string? Memo,
    byte[]? RPreimage,
    byte[]? RHash,
    long ValueMsat,
    long CreationDate,
    long SettleDate,
    string? PaymentRequest,
    long Expiry,
    long CltvExpiry,
    long AmtPaidMsat,
    string? State,
    IReadOnlyList<LnInvoiceHtlc>? Htlcs,
    byte[]? PaymentAddr);

internal sealed record LnSendPaymentRequest(string PaymentRequest, int TimeoutSeconds, long FeeLimitMsat, int CltvLimit, bool NoInflightUpdates);

internal sealed record LnRoute(int TotalTimeLock, long TotalFeesMsat, long TotalAmtMsat);

internal sealed record LnHtlcAttempt(string? Status, LnRoute? Route, long AttemptTimeNs, long ResolveTimeNs, byte[]? Preimage);

internal sealed record LnPayment(
    string? PaymentHash,
    long ValueMsat,
    string? PaymentPreimage,
    string? PaymentRequest,
    string? Status,
    long FeeMsat,
    long CreationTimeNs,
    IReadOnlyList<LnHtlcAttempt>? Htlcs,
    string? FailureReason);
