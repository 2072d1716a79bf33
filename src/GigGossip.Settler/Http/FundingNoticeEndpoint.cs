using GigGossip.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Settler.Http;

/// <summary>The replier's funding notice for a settler on an on-chain wallet (JSON <c>{"notice": "htlc-funding:..."}</c>).</summary>
public sealed record FundingNoticeJson(string? Notice);

internal static class FundingNoticeEndpoint
{
    public static void Map(WebApplication app, SettlerSlot slot) =>
        app.MapPost("/v1/funding-notice", async (HttpRequest request, CancellationToken ct) =>
            {
                var json = await HttpInput.ReadJsonAsync<FundingNoticeJson>(request, ct);
                var notice = json.Notice is { Length: > 0 and <= Protocol.Frames.WireLengths.MaxFundingNotice } text
                    ? text
                    : throw new HttpInputException($"notice is required, at most {Protocol.Frames.WireLengths.MaxFundingNotice} characters");
                return SettlerEndpoints.Answer(await slot.Require().ReportFundingAsync(notice, ct));
            })
            .Accepts<FundingNoticeJson>("application/json").Produces<AcknowledgedJson>().ProducesError(400).ProducesError(404).ProducesError(409)
            .WithSummary("A replier whose wallet pays on chain says where its payment of the settler's network invoice is (an on-chain HTLC)")
            .RequireRateLimiting(SettlerClientLimits.PolicyName).ProducesError(429);
}
