using System.Text.Json.Nodes;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static GigGossip.Lnd.Tests.Double.LndDoubleJson;

namespace GigGossip.Lnd.Tests.Double;

public sealed partial class LndDouble
{
    private static readonly string[] SendPaymentFields =
    [
        "dest", "amt", "amt_msat", "payment_hash", "final_cltv_delta", "payment_addr", "payment_request", "timeout_seconds",
        "fee_limit_sat", "fee_limit_msat", "outgoing_chan_id", "outgoing_chan_ids", "last_hop_pubkey", "cltv_limit", "route_hints",
        "dest_custom_records", "allow_self_payment", "dest_features", "max_parts", "no_inflight_updates", "max_shard_size_msat",
        "amp", "time_pref", "cancelable", "first_hop_custom_records",
    ];

    /// <summary>routerrpc: SendPaymentV2 and TrackPaymentV2, both streams of lnrpc.Payment.</summary>
    private void MapRouter(WebApplication app)
    {
        app.MapPost("/v2/router/send", async context =>
        {
            var request = LndDoubleRequest.Parse(await BodyAsync(context), SendPaymentFields);
            if (request.Has("fee_limit_sat") && request.Has("fee_limit_msat"))
                throw new LndDoubleError(500, 2, "fee_limit_sat and fee_limit_msat are mutually exclusive");
            var bolt11 = request.Text("payment_request");
            if (bolt11.Length == 0) throw new LndDoubleError(500, 2, "payment request or destination required");
            var invoice = DecodeOrRefuse(bolt11);
            if (_network.Payment(Account, invoice.PaymentHash) is { } earlier)
            {
                var (status, _, _, _) = await StatusAsync(earlier);
                if (status == "SUCCEEDED") throw new LndDoubleError(409, 6, "invoice is already paid");
                if (status == "IN_FLIGHT") throw new LndDoubleError(409, 6, "payment is in transition");
            }
            using var linked = Linked(context);
            var payer = _network.Account(Account);
            var events = payer.WatchAsync(linked.Token).GetAsyncEnumerator(linked.Token);
            try
            {
                var payment = await SendAsync(request, invoice, bolt11, linked.Token);
                await BeginStreamAsync(context);
                await StreamPaymentAsync(context, payment, events, first: new DoublePayment(Account, invoice.PaymentHash, bolt11, payment.AmountMsat, payment.Index, payment.Created), linked.Token);
            }
            finally
            {
                await events.DisposeAsync();
            }
        });

        app.MapGet("/v2/router/track/{payment_hash}", async context =>
        {
            var text = (string)context.Request.RouteValues["payment_hash"]!;
            var bytes = LndDoubleRequest.DecodeBytes(text) ?? throw new LndDoubleError(400, 3, $"type mismatch, parameter: payment_hash, error: illegal base64 data \"{text}\"");
            if (bytes.Length != 32) throw new LndDoubleError(500, 2, $"invalid hash length of {bytes.Length}, want 32");
            var payment = _network.Payment(Account, PaymentHash.FromBytes(bytes)) ?? throw new LndDoubleError(404, 5, "payment isn't initiated");
            var inflight = !string.Equals(context.Request.Query["no_inflight_updates"], "true", StringComparison.OrdinalIgnoreCase);
            using var linked = Linked(context);
            var events = _network.Account(Account).WatchAsync(linked.Token).GetAsyncEnumerator(linked.Token);
            try
            {
                await BeginStreamAsync(context);
                await StreamPaymentAsync(context, payment, events, first: null, linked.Token, inflight);
            }
            finally
            {
                await events.DisposeAsync();
            }
        });
    }

    /// <summary>Routes the payment: a direct channel to the issuer's node, no fee; the HTLC's timelock must fit the cltv_limit.</summary>
    private async Task<DoublePayment> SendAsync(LndDoubleRequest request, Bolt11Invoice invoice, string bolt11, CancellationToken cancellationToken)
    {
        var now = _network.Time.GetUtcNow();
        var index = _network.NextIndex();
        var amount = invoice.AmountMsat ?? request.Int("amt_msat");
        DoublePayment Failed(string reason) => new(Account, invoice.PaymentHash, bolt11, amount, index, now) { EarlyFailure = reason };

        var issuer = _network.IssuerOf(invoice.PaymentSecret)?.Issuer;
        var limits = _network.Limits;
        var cltvLimit = request.Int("cltv_limit") is var l and > 0 && l <= limits.MaxCltvExpiry ? (int)l : limits.MaxCltvExpiry;
        var needed = (int)invoice.MinFinalCltvExpiryDelta + limits.BlockPadding;
        DoublePayment payment;
        if (issuer is null || issuer == Account || needed > cltvLimit) payment = Failed("FAILURE_REASON_NO_ROUTE");
        else
        {
            var height = _network.Height;
            var timelock = height + needed;
            // LND records the HTLC and the invoice's ACCEPTED state in one transaction: the HTLC goes in first, so nobody
            // who sees the invoice accepted sees it without its HTLC (its expiry, the issuer's hold deadline).
            var htlc = new HeldHtlc(issuer, invoice.PaymentHash, amount, height, now, timelock);
            var holding = _network.TryHold(invoice.PaymentSecret, htlc);
            try
            {
                await _network.Account(Account).PayAsync(bolt11, _network.TimeOfHeight(timelock), cancellationToken);
                if (_network.JustAccepted is { } justAccepted) await justAccepted(invoice.PaymentHash);
                payment = new DoublePayment(Account, invoice.PaymentHash, bolt11, amount, index, now) { TotalTimeLock = timelock, AttemptTime = now };
            }
            catch (WalletException e)
            {
                if (holding) _network.Unhold(invoice.PaymentSecret, htlc);
                payment = Failed(e.Error switch
                {
                    WalletError.InsufficientBalance => "FAILURE_REASON_INSUFFICIENT_BALANCE",
                    WalletError.InvalidHold => "FAILURE_REASON_NO_ROUTE",
                    WalletError.AlreadyCancelled or WalletError.AlreadyPaid or WalletError.InvoiceExpired or WalletError.UnknownInvoice
                        or WalletError.DuplicatePayment => "FAILURE_REASON_INCORRECT_PAYMENT_DETAILS",
                    _ => "FAILURE_REASON_ERROR",
                });
            }
        }
        _network.Record(payment);
        return payment;
    }

    /// <summary>The payment's status now: failed before it left, else the ledger's view of the payer's payment.</summary>
    private async Task<(string Status, string Reason, Preimage? Preimage, DateTimeOffset? Resolved)> StatusAsync(DoublePayment payment)
    {
        if (payment.EarlyFailure is { } reason) return ("FAILED", reason, null, payment.Created);
        var held = await _network.Account(payment.Payer).GetPaymentAsync(payment.Hash);
        return held?.State switch
        {
            PaymentState.Succeeded => ("SUCCEEDED", "FAILURE_REASON_NONE", held.Preimage, held.ResolvedAt),
            PaymentState.Failed => ("FAILED", "FAILURE_REASON_INCORRECT_PAYMENT_DETAILS", null, held.ResolvedAt),
            _ => ("IN_FLIGHT", "FAILURE_REASON_NONE", null, null),
        };
    }

    /// <summary>Writes the payment's updates until it is final: the current state first (after <paramref name="first"/>, an update without HTLCs, if given).</summary>
    private async Task StreamPaymentAsync(HttpContext context, DoublePayment payment, IAsyncEnumerator<WalletEvent> events, DoublePayment? first,
        CancellationToken cancellationToken, bool inflightUpdates = true)
    {
        var destination = _network.IssuerOf(Bolt11Invoice.Decode(payment.Bolt11).PaymentSecret) is { } issued ? LndDoubleNetwork.IdentityOf(issued.Issuer) : "";
        if (first is not null && inflightUpdates) await WriteLineAsync(context, Payment(first, "IN_FLIGHT", "FAILURE_REASON_NONE", null, null, destination), cancellationToken);
        var (status, reason, preimage, resolved) = await StatusAsync(payment);
        if (inflightUpdates || status != "IN_FLIGHT") await WriteLineAsync(context, Payment(payment, status, reason, preimage, resolved, destination), cancellationToken);
        while (status == "IN_FLIGHT" && await events.MoveNextAsync())
        {
            if (events.Current is not PaymentUpdated { Payment.PaymentHash: var hash } || hash != payment.Hash) continue;
            (status, reason, preimage, resolved) = await StatusAsync(payment);
            if (status != "IN_FLIGHT") await WriteLineAsync(context, Payment(payment, status, reason, preimage, resolved, destination), cancellationToken);
        }
    }
}
