using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Node.Web;

/// <summary>
/// The node's browser app on its control port: the static app under /app/ and /pair (open to anyone: they hold no
/// data), the pairing and revoking endpoints (bearer token only), the event stream and the app's views.
/// </summary>
internal static class NodeWebRoutes
{
    public const string AppPath = "/app/";
    public const string PairPath = "/pair";

    /// <summary>Set by the auth middleware when the request carried the bearer token (not a browser session).</summary>
    public const string BearerItem = "giggossip.bearer";

    /// <summary>Paths anyone may fetch: the app's files and the pairing link.</summary>
    public static bool IsPublic(PathString path) =>
        path == "/" || path == "/favicon.ico" || path == PairPath || path.StartsWithSegments("/app");

    public static void Map(WebApplication app, NodeHost host, WebAccess access)
    {
        app.MapGet("/", context =>
        {
            context.Response.Redirect(AppPath);
            return Task.CompletedTask;
        });
        app.MapGet("/favicon.ico", context => WebAssets.ServeAsync(context, "favicon.svg"));
        app.MapGet("/app/{*path}", context =>
        {
            var path = (string?)context.Request.RouteValues["path"];
            return WebAssets.ServeAsync(context, string.IsNullOrEmpty(path) || !path.Contains('.') ? "node/index.html" : path.StartsWith("shared/", StringComparison.Ordinal) ? path : "node/" + path);
        });
        app.MapGet(PairPath, context => access.PairAsync(context, context.Request.Query["view"] == "driver" ? AppPath + "#driver" : AppPath));
        app.MapPost("/v1/web/pairings", context => BearerOnly(context, () =>
        {
            try
            {
                var (code, expires) = access.Sessions.NewCode();
                return ControlApi.Write(context, 200, new PairingView(code, $"{PairPath}?code={code}", expires.ToUnixTimeMilliseconds()));
            }
            catch (InvalidOperationException e)
            {
                return ControlApi.Write(context, 429, new ErrorView(e.Message));
            }
        }));
        app.MapDelete("/v1/web/sessions", context => BearerOnly(context, () => ControlApi.Write(context, 200, new SessionsRevokedView(access.Sessions.RevokeAll()))));
        app.MapPost("/v1/web/logout", context =>
        {
            access.Logout(context);
            return ControlApi.Write(context, 200, new SessionsRevokedView(1));
        });
        app.MapGet("/v1/events/stream", context => EventStream.RunAsync(context, host));
        app.MapGet("/v1/web/rides", async context =>
        {
            if (await BalanceAsync(context, host) is { } balance)
                await ControlApi.Write(context, 200, await RideViews.RidesAsync(host, balance, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
        });
        app.MapGet("/v1/web/driver", async context =>
        {
            if (await BalanceAsync(context, host) is { } balance)
                await ControlApi.Write(context, 200, await RideViews.DriverAsync(host, balance, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
        });
    }

    private static Task BearerOnly(HttpContext context, Func<Task> action) =>
        context.Items.ContainsKey(BearerItem)
            ? action()
            : ControlApi.Write(context, 403, new ErrorView("only the holder of the control token can pair or revoke browsers (giggossip web link / web revoke)"));

    private static async Task<long?> BalanceAsync(HttpContext context, NodeHost host)
    {
        try
        {
            return await host.Wallet.GetBalanceAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            await ControlApi.Write(context, 503, new ErrorView("the node is stopping")).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await ControlApi.Write(context, 502, new ErrorView($"the wallet does not answer: {e.Message}")).ConfigureAwait(false);
        }
        return null;
    }
}
