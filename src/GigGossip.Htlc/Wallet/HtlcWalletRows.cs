using GigGossip.Protocol.Bolt11;
using GigGossip.Payments;
using Microsoft.Data.Sqlite;

namespace GigGossip.Htlc.Wallet;

/// <summary>An invoice row: what this wallet issued and, once Accepted, the contract output it holds.</summary>
internal sealed record InvoiceRow(
    byte[] PaymentHash, byte[] PaymentSecret, long AmountMsat, string Description, string Bolt11, long CreatedAt, long ExpiresAt,
    int MinFinalCltv, InvoiceState State, byte[]? WitnessScript, string? FundingTxid, uint? FundingVout, long? FundingValue,
    long? HoldDeadline, byte[]? Preimage, CancelReason? CancelReason, string? ClaimHex, long? ResolvedAt)
{
    public const string Columns = "payment_hash, payment_secret, amount_msat, description, bolt11, created_at, expires_at, min_final_cltv, state, " +
        "witness_script, funding_txid, funding_vout, funding_value, hold_deadline, preimage, cancel_reason, claim_hex, resolved_at";

    public static InvoiceRow Read(SqliteDataReader r) => new(
        (byte[])r[0], (byte[])r[1], r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetInt64(6), r.GetInt32(7),
        (InvoiceState)r.GetInt32(8), r.IsDBNull(9) ? null : (byte[])r[9], r.IsDBNull(10) ? null : r.GetString(10),
        r.IsDBNull(11) ? null : (uint)r.GetInt64(11), r.IsDBNull(12) ? null : r.GetInt64(12), r.IsDBNull(13) ? null : r.GetInt64(13),
        r.IsDBNull(14) ? null : (byte[])r[14], r.IsDBNull(15) ? null : (CancelReason)r.GetInt32(15), r.IsDBNull(16) ? null : r.GetString(16),
        r.IsDBNull(17) ? null : r.GetInt64(17));

    public HodlInvoice ToInvoice(string issuer) => new(
        Protocol.Bolt11.PaymentSecret.FromBytes(PaymentSecret), issuer, Protocol.Bolt11.PaymentHash.FromBytes(PaymentHash), AmountMsat, Description,
        Bolt11, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAt), MinFinalCltv, State,
        HoldDeadline is { } h ? DateTimeOffset.FromUnixTimeMilliseconds(h) : null, Preimage is null ? null : Protocol.Bolt11.Preimage.FromBytes(Preimage),
        CancelReason, ResolvedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
}

/// <summary>A payment row: the contract this wallet funded, its funding transaction and, once over, the preimage or the refund.</summary>
internal sealed record PaymentRow(
    long Id, byte[] PaymentHash, byte[] PaymentSecret, long AmountMsat, string Bolt11, PaymentState State, byte[] WitnessScript,
    string FundingHex, string FundingTxid, uint FundingVout, uint Locktime, long HoldDeadline, byte[]? Preimage, string? RefundHex, long? ResolvedAt)
{
    public const string Columns = "id, payment_hash, payment_secret, amount_msat, bolt11, state, witness_script, funding_hex, funding_txid, " +
        "funding_vout, locktime, hold_deadline, preimage, refund_hex, resolved_at";

    public static PaymentRow Read(SqliteDataReader r) => new(
        r.GetInt64(0), (byte[])r[1], (byte[])r[2], r.GetInt64(3), r.GetString(4), (PaymentState)r.GetInt32(5), (byte[])r[6], r.GetString(7),
        r.GetString(8), (uint)r.GetInt64(9), (uint)r.GetInt64(10), r.GetInt64(11), r.IsDBNull(12) ? null : (byte[])r[12],
        r.IsDBNull(13) ? null : r.GetString(13), r.IsDBNull(14) ? null : r.GetInt64(14));

    public HodlPayment ToPayment(string payer) => new(
        Protocol.Bolt11.PaymentSecret.FromBytes(PaymentSecret), payer, Protocol.Bolt11.PaymentHash.FromBytes(PaymentHash), AmountMsat, Bolt11, State,
        DateTimeOffset.FromUnixTimeMilliseconds(HoldDeadline), Preimage is null ? null : Protocol.Bolt11.Preimage.FromBytes(Preimage),
        ResolvedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
}
