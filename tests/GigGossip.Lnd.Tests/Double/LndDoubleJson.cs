using System.Globalization;
using System.Text.Json.Nodes;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Lnd.Tests.Double;

/// <summary>
/// LND's REST shapes, field by field as lnd's swagger (lightning, invoicesrpc, routerrpc) lists them: int64/uint64 as
/// strings, int32 (heights, time locks) as numbers, bytes as standard base64, except the router's payment_hash and
/// payment_preimage which are hex; enums by name.
/// </summary>
internal static class LndDoubleJson
{
    public static string S(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string B64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes);

    public static JsonObject Error(int code, string message) => new() { ["code"] = code, ["message"] = message, ["details"] = new JsonArray() };

    public static string StateName(InvoiceState state) => state switch
    {
        InvoiceState.Open => "OPEN",
        InvoiceState.Accepted => "ACCEPTED",
        InvoiceState.Settled => "SETTLED",
        _ => "CANCELED",
    };

    public static JsonObject Invoice(HodlInvoice invoice, HeldHtlc? htlc, long addIndex)
    {
        var settled = invoice.State == InvoiceState.Settled;
        var htlcs = new JsonArray();
        // An HTLC recorded for a payment the ledger has not accepted yet is not shown: LND shows none before it is accepted.
        if (invoice.State == InvoiceState.Open) htlc = null;
        if (htlc is not null)
        {
            htlcs.Add(new JsonObject
            {
                ["chan_id"] = "124244814004224",
                ["htlc_index"] = "0",
                ["amt_msat"] = S(htlc.AmountMsat),
                ["accept_height"] = htlc.AcceptHeight,
                ["accept_time"] = S(htlc.AcceptTime.ToUnixTimeSeconds()),
                ["resolve_time"] = S(invoice.State.IsFinal() && invoice.ResolvedAt is { } r ? r.ToUnixTimeSeconds() : 0),
                ["expiry_height"] = htlc.ExpiryHeight,
                ["state"] = invoice.State switch { InvoiceState.Settled => "SETTLED", InvoiceState.Cancelled => "CANCELED", _ => "ACCEPTED" },
                ["custom_records"] = new JsonObject(),
                ["mpp_total_amt_msat"] = S(htlc.AmountMsat),
                ["amp"] = null,
            });
        }
        var paid = htlc is null ? 0 : invoice.AmountMsat;
        return new JsonObject
        {
            ["memo"] = invoice.Description,
            ["r_preimage"] = settled && invoice.Preimage is { } p ? B64(p.ToArray()) : null,
            ["r_hash"] = B64(invoice.PaymentHash.ToArray()),
            ["value"] = S(invoice.AmountMsat / 1000),
            ["value_msat"] = S(invoice.AmountMsat),
            ["settled"] = settled,
            ["creation_date"] = S(invoice.CreatedAt.ToUnixTimeSeconds()),
            ["settle_date"] = S(settled && invoice.ResolvedAt is { } at ? at.ToUnixTimeSeconds() : 0),
            ["payment_request"] = invoice.Bolt11,
            ["description_hash"] = null,
            ["expiry"] = S((long)(invoice.ExpiresAt - invoice.CreatedAt).TotalSeconds),
            ["fallback_addr"] = "",
            ["cltv_expiry"] = S(invoice.MinFinalCltvExpiryDelta),
            ["route_hints"] = new JsonArray(),
            ["private"] = false,
            ["add_index"] = S(addIndex),
            ["settle_index"] = S(settled ? addIndex : 0),
            ["amt_paid"] = S(paid),
            ["amt_paid_sat"] = S(paid / 1000),
            ["amt_paid_msat"] = S(paid),
            ["state"] = StateName(invoice.State),
            ["htlcs"] = htlcs,
            ["features"] = new JsonObject(),
            ["is_keysend"] = false,
            ["payment_addr"] = B64(invoice.PaymentSecret.ToArray()),
            ["is_amp"] = false,
            ["amp_invoice_state"] = new JsonObject(),
        };
    }

    /// <summary>A payment: status first; while IN_FLIGHT the preimage is 64 zeros and the fee "0".</summary>
    public static JsonObject Payment(DoublePayment payment, string status, string failureReason, Preimage? preimage, DateTimeOffset? resolved, string destination)
    {
        var attempts = new JsonArray();
        if (payment.TotalTimeLock is { } timelock)
        {
            var attemptStatus = status switch { "SUCCEEDED" => "SUCCEEDED", "FAILED" => "FAILED", _ => "IN_FLIGHT" };
            attempts.Add(new JsonObject
            {
                ["attempt_id"] = S(payment.Index),
                ["status"] = attemptStatus,
                ["route"] = new JsonObject
                {
                    ["total_time_lock"] = timelock,
                    ["total_fees"] = "0",
                    ["total_amt"] = S(payment.AmountMsat / 1000),
                    ["hops"] = new JsonArray(new JsonObject
                    {
                        ["chan_id"] = "124244814004224",
                        ["chan_capacity"] = "16777215",
                        ["amt_to_forward"] = S(payment.AmountMsat / 1000),
                        ["fee"] = "0",
                        ["expiry"] = timelock,
                        ["amt_to_forward_msat"] = S(payment.AmountMsat),
                        ["fee_msat"] = "0",
                        ["pub_key"] = destination,
                        ["tlv_payload"] = true,
                    }),
                    ["total_fees_msat"] = "0",
                    ["total_amt_msat"] = S(payment.AmountMsat),
                },
                ["attempt_time_ns"] = S((payment.AttemptTime ?? payment.Created).ToUnixTimeMilliseconds() * 1_000_000),
                ["resolve_time_ns"] = S(resolved is { } r && attemptStatus != "IN_FLIGHT" ? r.ToUnixTimeMilliseconds() * 1_000_000 : 0),
                ["failure"] = attemptStatus == "FAILED" ? new JsonObject { ["code"] = "INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS", ["failure_source_index"] = 1 } : null,
                ["preimage"] = attemptStatus == "SUCCEEDED" && preimage is { } p ? B64(p.ToArray()) : null,
            });
        }
        return new JsonObject
        {
            ["payment_hash"] = Convert.ToHexStringLower(payment.Hash.ToArray()),
            ["value"] = S(payment.AmountMsat / 1000),
            ["creation_date"] = S(payment.Created.ToUnixTimeSeconds()),
            ["fee"] = "0",
            ["payment_preimage"] = status == "SUCCEEDED" && preimage is { } pre ? Convert.ToHexStringLower(pre.ToArray()) : new string('0', 64),
            ["value_sat"] = S(payment.AmountMsat / 1000),
            ["value_msat"] = S(payment.AmountMsat),
            ["payment_request"] = payment.Bolt11,
            ["status"] = status,
            ["fee_sat"] = "0",
            ["fee_msat"] = "0",
            ["creation_time_ns"] = S(payment.Created.ToUnixTimeMilliseconds() * 1_000_000),
            ["htlcs"] = attempts,
            ["payment_index"] = S(payment.Index),
            ["failure_reason"] = failureReason,
            ["first_hop_custom_records"] = new JsonObject(),
        };
    }
}
