using System.Security.Cryptography;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static GigGossip.Lnd.Tests.Double.LndDoubleJson;

namespace GigGossip.Lnd.Tests.Double;

public sealed partial class LndDouble
{
    private const int DefaultCltvExpiry = 80;

    /// <summary>invoicesrpc: AddHoldInvoice, SettleInvoice, CancelInvoice, LookupInvoiceV2, SubscribeSingleInvoice.</summary>
    private void MapInvoices(WebApplication app)
    {
        app.MapPost("/v2/invoices/hodl", async context =>
        {
            var request = LndDoubleRequest.Parse(await BodyAsync(context),
                "memo", "hash", "value", "value_msat", "description_hash", "expiry", "fallback_addr", "cltv_expiry", "route_hints", "private");
            var hash = request.Bytes("hash");
            if (hash.Length != 32) throw new LndDoubleError(500, 2, $"invalid hash length of {hash.Length}, want 32");
            if (request.Has("value") && request.Has("value_msat")) throw new LndDoubleError(500, 2, "value and value_msat are mutually exclusive");
            var msat = request.Has("value_msat") ? request.Int("value_msat") : request.Int("value") * 1000;
            var cltv = request.Int("cltv_expiry") is var c and > 0 ? c : DefaultCltvExpiry;
            if (cltv < _network.Limits.MinFinalCltvExpiryDelta)
                throw new LndDoubleError(500, 2, $"CLTV delta of {cltv} must be greater than minimum of {_network.Limits.MinFinalCltvExpiryDelta}");
            var expiry = request.Int("expiry") is var x and > 0 ? x : 3600;
            var wallet = _network.Account(Account);
            if (await wallet.GetInvoiceAsync(PaymentHash.FromBytes(hash), context.RequestAborted) is not null)
                throw new LndDoubleError(409, 6, "invoice with payment hash already exists");
            HodlInvoice invoice;
            try
            {
                invoice = await wallet.CreateInvoiceAsync(new HodlInvoiceRequest(PaymentHash.FromBytes(hash), msat, request.Text("memo"), expiry, (int)cltv), context.RequestAborted);
            }
            catch (WalletException e)
            {
                throw new LndDoubleError(500, 2, e.Message);
            }
            var index = _network.NextIndex();
            _network.Issued(Account, invoice.PaymentSecret, index);
            await Ok(context, new System.Text.Json.Nodes.JsonObject
            {
                ["payment_request"] = invoice.Bolt11,
                ["add_index"] = S(index),
                ["payment_addr"] = B64(invoice.PaymentSecret.ToArray()),
            });
        });

        app.MapPost("/v2/invoices/settle", async context =>
        {
            var preimage = LndDoubleRequest.Parse(await BodyAsync(context), "preimage").Bytes("preimage");
            if (preimage.Length != 32) throw new LndDoubleError(500, 2, $"invalid preimage length of {preimage.Length}, want 32");
            var hash = PaymentHash.FromBytes(SHA256.HashData(preimage));
            var invoice = await RequireOwnAsync(hash, context);
            switch (invoice.State)
            {
                case InvoiceState.Open: throw new LndDoubleError(500, 2, "invoice still open");
                case InvoiceState.Cancelled: throw new LndDoubleError(500, 2, "invoice already canceled");
                case InvoiceState.Accepted: await _network.Account(Account).SettleAsync(hash, Preimage.FromBytes(preimage), context.RequestAborted); break;
            }
            await Ok(context, new System.Text.Json.Nodes.JsonObject());
        });

        app.MapPost("/v2/invoices/cancel", async context =>
        {
            var hash = LndDoubleRequest.Parse(await BodyAsync(context), "payment_hash").Bytes("payment_hash");
            if (hash.Length != 32) throw new LndDoubleError(500, 2, $"invalid hash length of {hash.Length}, want 32");
            var invoice = await RequireOwnAsync(PaymentHash.FromBytes(hash), context);
            if (invoice.State == InvoiceState.Settled) throw new LndDoubleError(500, 2, "invoice already settled");
            if (invoice.State != InvoiceState.Cancelled) await _network.Account(Account).CancelAsync(invoice.PaymentHash, context.RequestAborted);
            await Ok(context, new System.Text.Json.Nodes.JsonObject());
        });

        app.MapGet("/v2/invoices/lookup", async context =>
        {
            foreach (var key in context.Request.Query.Keys)
                if (key is not ("payment_hash" or "payment_addr" or "set_id" or "lookup_modifier"))
                    throw new LndDoubleError(400, 3, $"failed to populate field: unknown field \"{key}\"");
            var text = context.Request.Query["payment_hash"].ToString();
            var hash = LndDoubleRequest.DecodeBytes(text) ?? throw new LndDoubleError(400, 3, $"bad request: invalid base64 payment_hash \"{text}\"");
            if (hash.Length != 32) throw new LndDoubleError(500, 2, $"invalid hash length of {hash.Length}, want 32");
            await Ok(context, InvoiceJson(await RequireOwnAsync(PaymentHash.FromBytes(hash), context)));
        });

        app.MapGet("/v2/invoices/subscribe/{r_hash}", async context =>
        {
            var text = (string)context.Request.RouteValues["r_hash"]!;
            var bytes = LndDoubleRequest.DecodeBytes(text) ?? throw new LndDoubleError(400, 3, $"type mismatch, parameter: r_hash, error: illegal base64 data \"{text}\"");
            if (bytes.Length != 32) throw new LndDoubleError(500, 2, $"invalid hash length of {bytes.Length}, want 32");
            var hash = PaymentHash.FromBytes(bytes);
            using var linked = Linked(context);
            var wallet = _network.Account(Account);
            var events = wallet.WatchAsync(linked.Token).GetAsyncEnumerator(linked.Token);
            try
            {
                // LND sends nothing, not even headers, until the invoice exists.
                var invoice = await wallet.GetInvoiceAsync(hash, linked.Token);
                while (invoice is null)
                {
                    await Task.Delay(20, linked.Token);
                    invoice = await wallet.GetInvoiceAsync(hash, linked.Token);
                }
                await BeginStreamAsync(context);
                await WriteLineAsync(context, InvoiceJson(invoice), linked.Token);
                while (!invoice.State.IsFinal() && await events.MoveNextAsync())
                {
                    if (events.Current is not InvoiceUpdated { Invoice: var updated } || updated.PaymentHash != hash || updated.State == invoice.State) continue;
                    invoice = updated;
                    await WriteLineAsync(context, InvoiceJson(invoice), linked.Token);
                }
            }
            finally
            {
                await events.DisposeAsync();
            }
        });
    }

    /// <summary>This node's invoice on the hash or LND's not-found (500 "there are no existing invoices" on a node that never had one).</summary>
    private async Task<HodlInvoice> RequireOwnAsync(PaymentHash hash, HttpContext context)
    {
        var invoice = await _network.Account(Account).GetInvoiceAsync(hash, context.RequestAborted);
        if (invoice is not null) return invoice;
        if (!_network.HasInvoices(Account)) throw new LndDoubleError(500, 2, "there are no existing invoices");
        throw new LndDoubleError(404, 5, "unable to locate invoice");
    }

    private System.Text.Json.Nodes.JsonObject InvoiceJson(HodlInvoice invoice)
    {
        var htlc = HideHtlcs ? null : _network.HeldFor(invoice.PaymentSecret);
        var index = _network.IssuerOf(invoice.PaymentSecret)?.AddIndex ?? 0;
        return Invoice(invoice, htlc, index);
    }
}
