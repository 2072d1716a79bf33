using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Settlement;
using GigGossip.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GigGossip.Settler.Http;

/// <summary>
/// A job as the operator sees it: hashes and keys in hex, the driver's price (from the reply invoice; null when the
/// settler never saw it), the network fee, where the money is (Locking, Disputed, Settling, Settled, Cancelled) and who decided.
/// </summary>
public sealed record SettlerJobJson(
    string NetworkPaymentHash,
    string ReplyPaymentHash,
    string? PayloadId,
    string? Sender,
    string? Replier,
    string State,
    string Decision,
    bool NetworkAccepted,
    bool ReplyAccepted,
    bool KeyRevealed,
    long? PriceMsat,
    long NetworkFeeMsat,
    long? ServiceEndUnixMs,
    long? DisputedAtUnixMs,
    long? PickupProvenAtUnixMs);

/// <summary>GET /v1/admin/jobs.</summary>
public sealed record SettlerJobsJson(IReadOnlyList<SettlerJobJson> Jobs);

/// <summary>GET /v1/admin/jobs: every job the settler holds (the console's jobs page).</summary>
internal static class SettlerJobsEndpoint
{
    public static void Map(RouteGroupBuilder admin, SettlerSlot slot)
    {
        admin.MapGet("/jobs", async (CancellationToken ct) =>
        {
            var host = slot.Require();
            var jobs = await host.JobsAsync(ct);
            return SettlerEndpoints.Json(new SettlerJobsJson([.. jobs.Select(j => From(j.Job, j.Reply, host.NetworkFeeMsat))]));
        }).Produces<SettlerJobsJson>().ProducesError(401).WithSummary("Every job the settler holds: state, decision, price and network fee, newest first");
    }

    private static SettlerJobJson From(SettlerJobRecord job, SettlerReplyRecord? reply, long networkFeeMsat) => new(
        Convert.ToHexStringLower(job.NetworkPaymentHash), Convert.ToHexStringLower(job.ReplyPaymentHash), reply?.PayloadId, reply?.Sender.ToHex(),
        reply?.Replier.ToHex(), job.State.ToString(), (job.Terms?.Decision ?? SettlerDecision.None).ToString(), job.NetworkAccepted, reply?.Accepted ?? false,
        job.KeyRevealed, PriceOf(reply?.ReplyInvoice), networkFeeMsat, job.Terms?.ServiceEndUnixMs, job.Terms?.DisputedAtUnixMs, job.Terms?.PickupProvenAtUnixMs);

    private static long? PriceOf(string? invoice)
    {
        if (invoice is null) return null;
        try
        {
            return Bolt11Invoice.Decode(invoice).AmountMsat;
        }
        catch (Bolt11FormatException)
        {
            return null;
        }
    }
}
