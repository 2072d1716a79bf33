using GigGossip.Protocol.Bolt11;
using Microsoft.Data.Sqlite;

namespace GigGossip.Payments.Ledger;

/// <summary>One row of the invoices table, and the issuer's and payer's views of it.</summary>
internal sealed record InvoiceRow(
    byte[] PaymentSecret,
    string Issuer,
    byte[] PaymentHash,
    long AmountMsat,
    string Description,
    string Bolt11,
    long CreatedAt,
    long ExpiresAt,
    int MinFinalCltv,
    InvoiceState State,
    string? Payer,
    long? AcceptedAt,
    long? HoldDeadline,
    byte[]? Preimage,
    CancelReason? CancelReason,
    long? ResolvedAt)
{
    public const string Columns =
        "payment_secret, issuer, payment_hash, amount_msat, description, bolt11, created_at, expires_at, min_final_cltv, " +
        "state, payer, accepted_at, hold_deadline, preimage, cancel_reason, resolved_at";

    public static InvoiceRow Read(SqliteDataReader r) => new(
        (byte[])r[0], r.GetString(1), (byte[])r[2], r.GetInt64(3), r.GetString(4), r.GetString(5), r.GetInt64(6), r.GetInt64(7),
        r.GetInt32(8), (InvoiceState)r.GetInt32(9), r.IsDBNull(10) ? null : r.GetString(10), NullableLong(r, 11), NullableLong(r, 12),
        r.IsDBNull(13) ? null : (byte[])r[13], r.IsDBNull(14) ? null : (CancelReason)r.GetInt32(14), NullableLong(r, 15));

    public HodlInvoice ToInvoice() => new(
        Protocol.Bolt11.PaymentSecret.FromBytes(PaymentSecret), Issuer, Protocol.Bolt11.PaymentHash.FromBytes(PaymentHash), AmountMsat,
        Description, Bolt11, Time(CreatedAt), Time(ExpiresAt), MinFinalCltv, State, TimeOrNull(HoldDeadline),
        Preimage is null ? null : Protocol.Bolt11.Preimage.FromBytes(Preimage), CancelReason, TimeOrNull(ResolvedAt));

    public HodlPayment ToPayment() => new(
        Protocol.Bolt11.PaymentSecret.FromBytes(PaymentSecret), Payer ?? throw new InvalidOperationException("invoice is not paid"),
        Protocol.Bolt11.PaymentHash.FromBytes(PaymentHash), AmountMsat, Bolt11,
        State switch
        {
            InvoiceState.Accepted => PaymentState.InFlight,
            InvoiceState.Settled => PaymentState.Succeeded,
            InvoiceState.Cancelled => PaymentState.Failed,
            _ => throw new InvalidOperationException("an Open invoice has no payment"),
        },
        Time(HoldDeadline!.Value), State == InvoiceState.Settled ? Protocol.Bolt11.Preimage.FromBytes(Preimage!) : null, TimeOrNull(ResolvedAt));

    private static long? NullableLong(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? TimeOrNull(long? ms) => ms is { } value ? Time(value) : null;
}
