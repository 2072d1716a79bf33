using System.Text.Json.Nodes;
using GigGossip.Protocol.Bolt11;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static GigGossip.Lnd.Tests.Double.LndDoubleJson;

namespace GigGossip.Lnd.Tests.Double;

public sealed partial class LndDouble
{
    /// <summary>lnrpc: GetInfo, ChannelBalance, DecodePayReq.</summary>
    private void MapLightning(WebApplication app)
    {
        app.MapGet("/v1/getinfo", context => Ok(context, new JsonObject
        {
            ["version"] = "0.18.4-beta double",
            ["identity_pubkey"] = Identity,
            ["alias"] = Account,
            ["num_active_channels"] = 1,
            ["block_height"] = _network.Height,
            ["block_hash"] = new string('0', 64),
            ["synced_to_chain"] = true,
            ["synced_to_graph"] = true,
            ["chains"] = new JsonArray(new JsonObject { ["chain"] = "bitcoin", ["network"] = "regtest" }),
        }));

        app.MapGet("/v1/balance/channels", async context =>
        {
            var msat = await _network.Account(Account).GetBalanceAsync(context.RequestAborted);
            long unsettled = 0;
            foreach (var payment in _network.PaymentsOf(Account))
                if ((await StatusAsync(payment)).Status == "IN_FLIGHT") unsettled += payment.AmountMsat;
            JsonObject Amount(long m) => new() { ["sat"] = S(m / 1000), ["msat"] = S(m) };
            await Ok(context, new JsonObject
            {
                ["balance"] = S(msat / 1000),
                ["pending_open_balance"] = "0",
                ["local_balance"] = Amount(msat),
                ["remote_balance"] = Amount(0),
                ["unsettled_local_balance"] = Amount(unsettled),
                ["unsettled_remote_balance"] = Amount(0),
                ["pending_open_local_balance"] = Amount(0),
                ["pending_open_remote_balance"] = Amount(0),
            });
        });

        app.MapGet("/v1/payreq/{pay_req}", context =>
        {
            var invoice = DecodeOrRefuse((string)context.Request.RouteValues["pay_req"]!);
            var destination = _network.IssuerOf(invoice.PaymentSecret) is { } issued ? LndDoubleNetwork.IdentityOf(issued.Issuer) : Convert.ToHexStringLower(invoice.PayeeNodeKey);
            return Ok(context, new JsonObject
            {
                ["destination"] = destination,
                ["payment_hash"] = Convert.ToHexStringLower(invoice.PaymentHash.ToArray()),
                ["num_satoshis"] = S((invoice.AmountMsat ?? 0) / 1000),
                ["timestamp"] = S(invoice.Timestamp.ToUnixTimeSeconds()),
                ["expiry"] = S(invoice.ExpirySeconds),
                ["description"] = invoice.Description ?? "",
                ["description_hash"] = "",
                ["fallback_addr"] = "",
                ["cltv_expiry"] = S(invoice.MinFinalCltvExpiryDelta),
                ["route_hints"] = new JsonArray(),
                ["payment_addr"] = B64(invoice.PaymentSecret.ToArray()),
                ["num_msat"] = S(invoice.AmountMsat ?? 0),
                ["features"] = new JsonObject(),
                ["blinded_paths"] = new JsonArray(),
            });
        });
    }

    /// <summary>An invoice this regtest node can pay, or LND's refusal (HTTP 500, code 2).</summary>
    private static Bolt11Invoice DecodeOrRefuse(string bolt11)
    {
        Bolt11Invoice invoice;
        try
        {
            invoice = Bolt11Invoice.Decode(bolt11);
        }
        catch (FormatException e)
        {
            throw new LndDoubleError(500, 2, $"invalid payment request: {e.Message}");
        }
        if (invoice.Network != Bolt11Network.Regtest) throw new LndDoubleError(500, 2, "invoice not for current active network 'regtest'");
        return invoice;
    }
}
