using GigGossip.Lnd.Rest;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Lnd;

public sealed partial class LndHodlWallet
{
    /// <summary>
    /// Pays through SendPaymentV2 with <see cref="LndWalletOptions.FeeLimitMsat"/> and a <c>cltv_limit</c> from
    /// <paramref name="holdUntil"/> (refused here when the route cannot fit). Returns once an HTLC is out (InFlight: the
    /// issuer's hold invoice is Accepted when it arrives) or the payment has ended; a FAILED payment is thrown as the rule
    /// LND reported. LND keeps paying after the stream is closed; <see cref="GetPaymentAsync"/> and the watch follow it.
    /// </summary>
    public Task<HodlPayment> PayAsync(string bolt11, DateTimeOffset? holdUntil = null, CancellationToken cancellationToken = default) => Call("paying an invoice", async () =>
    {
        var invoice = DecodeForPayment(bolt11);
        var decoded = await DecodePayReqAsync(bolt11, cancellationToken);
        if (string.Equals(decoded.Destination, NodeId, StringComparison.OrdinalIgnoreCase))
            throw new WalletException(WalletError.SelfPayment, "a node cannot pay its own invoice");
        if (invoice.IsExpiredAt(Now)) throw new WalletException(WalletError.InvoiceExpired, $"invoice expired at {invoice.ExpiresAt:O}");
        var cltvLimit = LndHoldPlan.CltvLimit(Now, holdUntil, decoded.CltvExpiry > 0 ? decoded.CltvExpiry : invoice.MinFinalCltvExpiryDelta, _options.Limits);
        if (await TrackOnceAsync(invoice.PaymentHash, cancellationToken) is { State: not PaymentState.Failed })
            throw new WalletException(WalletError.DuplicatePayment, $"this node already has a payment in flight or done on payment hash {invoice.PaymentHash}");

        var request = new LnSendPaymentRequest(bolt11, _options.PaymentTimeoutSeconds, _options.FeeLimitMsat, cltvLimit, NoInflightUpdates: false);
        HodlPayment? last = null;
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            await foreach (var update in _client.StreamAsync<LnPayment>(HttpMethod.Post, "/v2/router/send", request, stop.Token))
            {
                var height = await HeightAsync(cancellationToken);
                last = LndMapping.ToPayment(update, AccountId, Now, height);
                if (last.State == PaymentState.Failed) throw LndErrors.PaymentFailed(update.FailureReason, invoice.PaymentHash.ToString());
                if (last.State == PaymentState.Succeeded || update.Htlcs?.Any(a => a.Status == "IN_FLIGHT") == true) break;
            }
            await stop.CancelAsync();
        }
        last ??= await TrackOnceAsync(invoice.PaymentHash, cancellationToken)
            ?? throw new WalletException(WalletError.Unreachable, $"lnd closed the payment stream on {invoice.PaymentHash} before reporting the payment");
        FollowPayment(last);
        return last;
    });

    public Task<HodlPayment?> GetPaymentAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => Call("tracking a payment", async () =>
    {
        var payment = await TrackOnceAsync(paymentHash, cancellationToken);
        if (payment is not null) FollowPayment(payment);
        return payment;
    });

    /// <summary>DecodePayReq: LND's reading of an invoice (its network, its destination, its final CLTV delta).</summary>
    internal async Task<LnPayReq> DecodePayReqAsync(string bolt11, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.GetAsync<LnPayReq>("/v1/payreq/" + Uri.EscapeDataString(bolt11), cancellationToken);
        }
        catch (LndApiException e) when (e.HttpStatus is >= 400 and < 500 || e.Code is 2 or 3 && !e.LndMessage.Contains("macaroon", StringComparison.OrdinalIgnoreCase))
        {
            throw new WalletException(WalletError.MalformedInvoice, $"lnd cannot pay this invoice: {e.LndMessage}", e);
        }
    }

    /// <summary>The payment's current state: TrackPaymentV2's first update (the stream then closes); null when LND never made one.</summary>
    private async Task<HodlPayment?> TrackOnceAsync(PaymentHash paymentHash, CancellationToken cancellationToken)
    {
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await foreach (var update in _client.StreamAsync<LnPayment>(HttpMethod.Get, TrackPath(paymentHash), null, stop.Token))
            {
                var payment = LndMapping.ToPayment(update, AccountId, Now, await HeightAsync(cancellationToken));
                await stop.CancelAsync();
                return payment;
            }
            return null;
        }
        catch (LndApiException e) when (e.Code == LndApiException.NotFound || e.LndMessage.Contains("not initiated", StringComparison.OrdinalIgnoreCase)
                                        || e.LndMessage.Contains("isn't initiated", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
    }

    private static string TrackPath(PaymentHash paymentHash) => "/v2/router/track/" + LndJson.UrlBytes(paymentHash.ToArray()) + "?no_inflight_updates=false";

    private async Task<int> HeightAsync(CancellationToken cancellationToken) => (await _client.GetAsync<LnGetInfo>("/v1/getinfo", cancellationToken)).BlockHeight;

    private static Bolt11Invoice DecodeForPayment(string bolt11)
    {
        Bolt11Invoice invoice;
        try
        {
            invoice = Bolt11Invoice.Decode(bolt11);
        }
        catch (FormatException e)
        {
            throw new WalletException(WalletError.MalformedInvoice, $"malformed invoice: {e.Message}", e);
        }
        if (invoice.AmountMsat is not > 0) throw new WalletException(WalletError.InvalidAmount, "the invoice names no amount");
        return invoice;
    }
}
