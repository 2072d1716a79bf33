using GigGossip.Lnd.Rest;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Lnd;

/// <summary>LND's invoices and payments as the wallet's records.</summary>
internal static class LndMapping
{
    public static InvoiceState InvoiceStateOf(string? state) => state switch
    {
        "OPEN" => InvoiceState.Open,
        "ACCEPTED" => InvoiceState.Accepted,
        "SETTLED" => InvoiceState.Settled,
        "CANCELED" => InvoiceState.Cancelled,
        _ => throw new LndUnreachableException($"lnd reported an invoice state this wallet does not know: '{state}'"),
    };

    public static PaymentState PaymentStateOf(string? status) => status switch
    {
        "SUCCEEDED" => PaymentState.Succeeded,
        "FAILED" => PaymentState.Failed,
        "IN_FLIGHT" or "INITIATED" or "UNKNOWN" or null => PaymentState.InFlight,
        _ => throw new LndUnreachableException($"lnd reported a payment status this wallet does not know: '{status}'"),
    };

    /// <summary>
    /// The invoice as its issuer sees it. The hold deadline is when LND will cancel it (the earliest held HTLC's expiry less
    /// LND's hold-expiry delta); LND keeps no cancel reason, so it is inferred: cancelled by this wallet, past the hold
    /// deadline with an HTLC held, past expiry with none. An accepted invoice shown without its HTLC is refused as an answer
    /// to ask again (a stream reopens, a lookup fails as unreachable): read as "no hold deadline", a middleman would drop a
    /// good route and the settler would refuse the key reveal.
    /// </summary>
    public static HodlInvoice ToInvoice(LnInvoice invoice, string issuer, LndLimits limits, DateTimeOffset now, bool cancelledHere)
    {
        var bolt11 = invoice.PaymentRequest ?? throw new LndUnreachableException("lnd reported an invoice without its payment request");
        var decoded = DecodeOwn(bolt11);
        var state = InvoiceStateOf(invoice.State);
        var htlcs = invoice.Htlcs ?? [];
        var held = htlcs.Where(h => h.State is "ACCEPTED" or "SETTLED").DefaultIfEmpty(htlcs.LastOrDefault()).MinBy(h => h?.ExpiryHeight ?? int.MaxValue);
        DateTimeOffset? holdDeadline = held is null || held.ExpiryHeight == 0
            ? null
            : LndHoldPlan.SettleDeadline(DateTimeOffset.FromUnixTimeSeconds(held.AcceptTime), held.AcceptHeight, held.ExpiryHeight, limits);
        if (state == InvoiceState.Accepted && holdDeadline is null)
            throw new LndUnreachableException($"lnd reported invoice {decoded.PaymentHash} accepted without the HTLC that pays it, so without its hold deadline");
        var created = DateTimeOffset.FromUnixTimeSeconds(invoice.CreationDate);
        var expires = created.AddSeconds(invoice.Expiry > 0 ? invoice.Expiry : decoded.ExpirySeconds);
        CancelReason? reason = state != InvoiceState.Cancelled ? null
            : cancelledHere ? CancelReason.ByIssuer
            : holdDeadline is { } deadline ? (now >= deadline ? CancelReason.HoldDeadlinePassed : CancelReason.ByIssuer)
            : now >= expires ? CancelReason.Expired : CancelReason.ByIssuer;
        DateTimeOffset? resolved = state switch
        {
            InvoiceState.Settled when invoice.SettleDate > 0 => DateTimeOffset.FromUnixTimeSeconds(invoice.SettleDate),
            InvoiceState.Cancelled when htlcs.Count > 0 && htlcs.Max(h => h.ResolveTime) > 0 => DateTimeOffset.FromUnixTimeSeconds(htlcs.Max(h => h.ResolveTime)),
            _ => null,
        };
        var preimage = state == InvoiceState.Settled && invoice.RPreimage is { Length: 32 } p ? Preimage.FromBytes(p) : null;
        var secret = invoice.PaymentAddr is { Length: 32 } addr ? PaymentSecret.FromBytes(addr) : decoded.PaymentSecret;
        return new HodlInvoice(secret, issuer, decoded.PaymentHash, invoice.ValueMsat > 0 ? invoice.ValueMsat : decoded.AmountMsat ?? 0,
            invoice.Memo ?? decoded.Description ?? "", bolt11, created, expires, (int)(invoice.CltvExpiry > 0 ? invoice.CltvExpiry : decoded.MinFinalCltvExpiryDelta),
            state, holdDeadline, preimage, reason, resolved);
    }

    /// <summary>
    /// The payment as its payer sees it: decided on <c>status</c> first (an IN_FLIGHT update may already carry a failure
    /// reason, and its preimage is zeros); held until the latest attempt's total timelock, counted from <paramref name="height"/>.
    /// </summary>
    public static HodlPayment ToPayment(LnPayment payment, string payer, DateTimeOffset now, int height)
    {
        var bolt11 = payment.PaymentRequest ?? throw new LndUnreachableException("lnd reported a payment without its payment request");
        var decoded = DecodeOwn(bolt11);
        var state = PaymentStateOf(payment.Status);
        var attempts = payment.Htlcs ?? [];
        var timelock = attempts.Where(a => a.Status is "IN_FLIGHT" or "SUCCEEDED").Select(a => a.Route?.TotalTimeLock ?? 0).DefaultIfEmpty(0).Max();
        var holdDeadline = timelock > 0 ? now + Payments.Ledger.HodlTiming.Blocks(timelock - height) : now;
        Preimage? preimage = null;
        if (state == PaymentState.Succeeded)
        {
            var bytes = payment.PaymentPreimage is { Length: 64 } hex ? Convert.FromHexString(hex) : attempts.Select(a => a.Preimage).FirstOrDefault(p => p is { Length: 32 });
            if (bytes is null) throw new LndUnreachableException($"lnd reported payment {decoded.PaymentHash} succeeded without its preimage");
            preimage = Preimage.FromBytes(bytes);
            if (!preimage.Matches(decoded.PaymentHash)) throw new LndUnreachableException($"lnd reported a preimage that does not hash to {decoded.PaymentHash}");
        }
        var resolvedNs = attempts.Select(a => a.ResolveTimeNs).DefaultIfEmpty(0).Max();
        DateTimeOffset? resolved = state == PaymentState.InFlight || resolvedNs <= 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(resolvedNs / 1_000_000);
        return new HodlPayment(decoded.PaymentSecret, payer, decoded.PaymentHash, payment.ValueMsat > 0 ? payment.ValueMsat : decoded.AmountMsat ?? 0,
            bolt11, state, holdDeadline, preimage, resolved);
    }

    private static Bolt11Invoice DecodeOwn(string bolt11)
    {
        try
        {
            return Bolt11Invoice.Decode(bolt11);
        }
        catch (Bolt11FormatException e)
        {
            throw new LndUnreachableException($"lnd reported a payment request this wallet cannot decode: {e.Message}", e);
        }
    }
}
