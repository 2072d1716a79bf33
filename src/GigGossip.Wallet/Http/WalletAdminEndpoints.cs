using GigGossip.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Wallet.Http;

/// <summary>The operator's API, behind the admin token: fund an account (new money from genesis), balances, and the ledger's audit.</summary>
internal static class WalletAdminEndpoints
{
    public static void Map(WebApplication app, WalletService service)
    {
        var admin = app.MapGroup("/v1/admin").AddEndpointFilter(async (context, next) =>
            service.AdminToken.Refusal(context.HttpContext.Request) ?? await next(context));

        admin.MapPost("/fund", async (HttpRequest request, CancellationToken ct) =>
        {
            var body = await HttpInput.ReadJsonAsync<FundRequest>(request, ct);
            var account = WalletEndpoints.AccountKey(body.Account, "account").ToHex();
            var amount = HttpInput.Required(body.AmountMsat, "amountMsat");
            var wallet = service.Account(account);
            service.Wallet.Fund(account, amount);
            return Results.Json(new BalanceJson(account, await wallet.GetBalanceAsync(ct)), ServiceJson.Options);
        });

        admin.MapGet("/balances/{account}", async (string account, CancellationToken ct) =>
        {
            var key = WalletEndpoints.AccountKey(account, "account").ToHex();
            return Results.Json(new BalanceJson(key, await service.Account(key).GetBalanceAsync(ct)), ServiceJson.Options);
        });

        admin.MapGet("/audit", () =>
        {
            var report = service.Wallet.Audit();
            var t = report.Totals;
            return Results.Json(new AuditJson(report.Balanced, t.MintedMsat, t.AccountsMsat, t.HeldMsat, t.Accounts, report.Problems), ServiceJson.Options);
        });
    }
}
