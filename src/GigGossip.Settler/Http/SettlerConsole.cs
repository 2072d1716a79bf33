using System.Security.Cryptography;
using System.Text;
using GigGossip.Http;
using GigGossip.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Settler.Http;

/// <summary>
/// The operator's console in the browser at /console/: paired by a one-time link (POST /v1/admin/web/pairings with
/// the admin token) or by typing the admin token once into its sign-in form; either way the browser then holds an
/// http-only session cookie, never the token, and calls the same /v1/admin endpoints as <c>curl</c> does.
/// </summary>
internal static class SettlerConsole
{
    public const string Home = "/console/";

    public sealed record LoginRequest(string? Token);

    public sealed record PairingJson(string Code, string Path, long ExpiresAtUnixMs);

    public sealed record RevokedJson(int Revoked);

    /// <summary>Null when the request may use the admin endpoints: the admin token, or a console session (with the CSRF header on changes).</summary>
    public static IResult? Refusal(HttpRequest request, AdminToken adminToken, WebAccess? console)
    {
        if (BearerToken.Of(request) is not null || console is null) return adminToken.Refusal(request);
        return console.Refusal(request) is { } why ? ProblemMiddleware.Result(401, "Unauthorized", why) : null;
    }

    public static void Map(WebApplication app, AdminToken adminToken, WebAccess console)
    {
        app.MapGet("/console", (HttpContext context) => WebAssets.ServeAsync(context, "settler/index.html")).ExcludeFromDescription();
        app.MapGet("/console/{*path}", (HttpContext context) =>
        {
            var path = (string?)context.Request.RouteValues["path"];
            return WebAssets.ServeAsync(context, string.IsNullOrEmpty(path) || !path.Contains('.') ? "settler/index.html"
                : path.StartsWith("shared/", StringComparison.Ordinal) ? path : "settler/" + path);
        }).ExcludeFromDescription();
        app.MapGet("/console-pair", (HttpContext context) => console.PairAsync(context, Home)).ExcludeFromDescription();
        app.MapPost("/console-login", async (HttpContext context) =>
        {
            if (!context.Request.Headers.ContainsKey(WebAccess.CsrfHeader))
                return ProblemMiddleware.Result(400, "BadRequest", $"send the {WebAccess.CsrfHeader} header");
            var login = await HttpInput.ReadJsonAsync<LoginRequest>(context.Request, context.RequestAborted);
            var given = Encoding.ASCII.GetBytes(login.Token?.Trim() ?? "");
            if (!CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(adminToken.Value)))
                return ProblemMiddleware.Result(403, "Forbidden", "the admin token is wrong");
            console.SetCookie(context, console.Sessions.Open());
            return Results.Json(new RevokedJson(0), ServiceJson.Options);
        }).ExcludeFromDescription();
        app.MapGet("/console-session", (HttpContext context) =>
            Refusal(context.Request, adminToken, console) ?? Results.Json(new RevokedJson(0), ServiceJson.Options)).ExcludeFromDescription();
        app.MapPost("/console-logout", (HttpContext context) =>
        {
            console.Logout(context);
            return Results.Json(new RevokedJson(1), ServiceJson.Options);
        }).ExcludeFromDescription();
        app.MapPost("/v1/admin/web/pairings", (HttpContext context) =>
        {
            if (adminToken.Refusal(context.Request) is { } refused) return refused;
            try
            {
                var (code, expires) = console.Sessions.NewCode();
                return Results.Json(new PairingJson(code, $"/console-pair?code={code}", expires.ToUnixTimeMilliseconds()), ServiceJson.Options);
            }
            catch (InvalidOperationException e)
            {
                return ProblemMiddleware.Result(429, "TooManyCodes", e.Message);
            }
        }).ExcludeFromDescription();
        app.MapDelete("/v1/admin/web/sessions", (HttpContext context) =>
            adminToken.Refusal(context.Request) ?? Results.Json(new RevokedJson(console.Sessions.RevokeAll()), ServiceJson.Options)).ExcludeFromDescription();
    }
}
