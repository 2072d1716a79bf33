using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Wallet.Http;

/// <summary>An invoice on the wire: hashes, secrets and preimages in hex, times in Unix milliseconds.</summary>
public sealed record InvoiceJson(
    string PaymentSecret, string Issuer, string PaymentHash, long AmountMsat, string Description, string Bolt11,
    long CreatedAt, long ExpiresAt, int MinFinalCltvExpiryDelta, InvoiceState State, long? HoldDeadline, string? Preimage,
    CancelReason? CancelReason, long? ResolvedAt)
{
    public static InvoiceJson From(HodlInvoice i) => new(
        i.PaymentSecret.ToHex(), i.Issuer, i.PaymentHash.ToHex(), i.AmountMsat, i.Description, i.Bolt11,
        i.CreatedAt.ToUnixTimeMilliseconds(), i.ExpiresAt.ToUnixTimeMilliseconds(), i.MinFinalCltvExpiryDelta, i.State,
        i.HoldDeadline?.ToUnixTimeMilliseconds(), i.Preimage?.ToHex(), i.CancelReason, i.ResolvedAt?.ToUnixTimeMilliseconds());

    public HodlInvoice ToInvoice() => new(
        Protocol.Bolt11.PaymentSecret.FromHex(PaymentSecret), Issuer, Protocol.Bolt11.PaymentHash.FromHex(PaymentHash), AmountMsat,
        Description, Bolt11, WalletTime.Of(CreatedAt), WalletTime.Of(ExpiresAt), MinFinalCltvExpiryDelta, State, WalletTime.Of(HoldDeadline),
        Preimage is null ? null : Protocol.Bolt11.Preimage.FromHex(Preimage), CancelReason, WalletTime.Of(ResolvedAt));
}

/// <summary>A payment on the wire.</summary>
public sealed record PaymentJson(
    string PaymentSecret, string Payer, string PaymentHash, long AmountMsat, string Bolt11, PaymentState State,
    long HoldDeadline, string? Preimage, long? ResolvedAt)
{
    public static PaymentJson From(HodlPayment p) => new(
        p.PaymentSecret.ToHex(), p.Payer, p.PaymentHash.ToHex(), p.AmountMsat, p.Bolt11, p.State,
        p.HoldDeadline.ToUnixTimeMilliseconds(), p.Preimage?.ToHex(), p.ResolvedAt?.ToUnixTimeMilliseconds());

    public HodlPayment ToPayment() => new(
        Protocol.Bolt11.PaymentSecret.FromHex(PaymentSecret), Payer, Protocol.Bolt11.PaymentHash.FromHex(PaymentHash), AmountMsat, Bolt11,
        State, WalletTime.Of(HoldDeadline), Preimage is null ? null : Protocol.Bolt11.Preimage.FromHex(Preimage), WalletTime.Of(ResolvedAt));
}

/// <summary>The public view of an invoice on the wire (lookups and watches by BOLT 11).</summary>
public sealed record InvoiceStatusJson(string PaymentSecret, string PaymentHash, long AmountMsat, InvoiceState State, long ExpiresAt, long? HoldDeadline = null)
{
    public static InvoiceStatusJson From(InvoiceStatus s) =>
        new(s.PaymentSecret.ToHex(), s.PaymentHash.ToHex(), s.AmountMsat, s.State, s.ExpiresAt.ToUnixTimeMilliseconds(), s.HoldDeadline?.ToUnixTimeMilliseconds());

    public InvoiceStatus ToStatus() =>
        new(Protocol.Bolt11.PaymentSecret.FromHex(PaymentSecret), Protocol.Bolt11.PaymentHash.FromHex(PaymentHash), AmountMsat, State, WalletTime.Of(ExpiresAt),
            HoldDeadline is { } hold ? WalletTime.Of(hold) : null);
}

/// <summary>One server-sent event's data: exactly one of the three is set, as the event type says.</summary>
public sealed record WalletEventJson(long At, InvoiceJson? Invoice = null, PaymentJson? Payment = null, InvoiceStatusJson? Watched = null)
{
    public const string InvoiceType = "invoice";
    public const string PaymentType = "payment";
    public const string WatchedType = "watched";
    public const string SubscribedType = "subscribed";

    public static (string Type, WalletEventJson Data) From(WalletEvent walletEvent) => walletEvent switch
    {
        InvoiceUpdated i => (InvoiceType, new WalletEventJson(i.At.ToUnixTimeMilliseconds(), Invoice: InvoiceJson.From(i.Invoice))),
        PaymentUpdated p => (PaymentType, new WalletEventJson(p.At.ToUnixTimeMilliseconds(), Payment: PaymentJson.From(p.Payment))),
        WatchedInvoiceUpdated w => (WatchedType, new WalletEventJson(w.At.ToUnixTimeMilliseconds(), Watched: InvoiceStatusJson.From(w.Invoice))),
        _ => throw new ArgumentException($"unknown wallet event {walletEvent.GetType().Name}", nameof(walletEvent)),
    };

    /// <summary>The event for <paramref name="account"/>, or null for a type this client does not know.</summary>
    public WalletEvent? ToEvent(string type, string account) => type switch
    {
        InvoiceType when Invoice is not null => new InvoiceUpdated(Invoice.ToInvoice(), WalletTime.Of(At)),
        PaymentType when Payment is not null => new PaymentUpdated(Payment.ToPayment(), WalletTime.Of(At)),
        WatchedType when Watched is not null => new WatchedInvoiceUpdated(account, Watched.ToStatus(), WalletTime.Of(At)),
        _ => null,
    };
}

internal static class WalletTime
{
    public static DateTimeOffset Of(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? Of(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
