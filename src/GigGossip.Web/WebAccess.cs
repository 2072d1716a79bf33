using Microsoft.AspNetCore.Http;

namespace GigGossip.Web;

/// <summary>
/// How a browser is let in: an http-only, SameSite=Strict session cookie named per service (several services on
/// 127.0.0.1 share one cookie jar: cookies do not care about ports), and for every request that changes state a
/// custom header a cross-site form or image cannot send (the CSRF defence on top of SameSite).
/// </summary>
public sealed class WebAccess(WebSessions sessions, string cookieName)
{
    /// <summary>The header the apps send on POST, PUT and DELETE (any value).</summary>
    public const string CsrfHeader = "X-GigGossip-Web";

    public WebSessions Sessions { get; } = sessions;

    public string CookieName { get; } = cookieName;

    /// <summary>The session id the request's cookie carries, if any.</summary>
    public string? SessionOf(HttpRequest request) => request.Cookies.TryGetValue(CookieName, out var value) ? value : null;

    /// <summary>Null when the request's session is live (and, for a state change, the CSRF header is there); otherwise why not.</summary>
    public string? Refusal(HttpRequest request)
    {
        var session = SessionOf(request);
        if (session is null) return "not signed in: send the bearer token, or open a link from `giggossip web link`";
        if (!Sessions.IsValid(session)) return "the browser session has expired or was revoked: open a new link from `giggossip web link`";
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !request.Headers.ContainsKey(CsrfHeader))
            return $"a browser request that changes state must carry the {CsrfHeader} header";
        return null;
    }

    /// <summary>
    /// GET ...?code=: spends the one-time code, sets the session cookie and redirects to <paramref name="home"/> (so the
    /// code leaves the address bar and the history); a bad code gets a 401 page.
    /// </summary>
    public async Task PairAsync(HttpContext context, string home)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        var session = Sessions.Redeem(context.Request.Query["code"].ToString());
        if (session is not { } s)
        {
            context.Response.StatusCode = 401;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                "<!doctype html><meta name=viewport content=\"width=device-width\"><title>Link used or expired</title>" +
                "<h1>This link was used already or has expired</h1><p>Each pairing link works once. Run <code>giggossip web link</code> for a new one.</p>",
                context.RequestAborted).ConfigureAwait(false);
            return;
        }
        SetCookie(context, s);
        context.Response.StatusCode = 303;
        context.Response.Headers.Location = home;
    }

    /// <summary>Gives the browser the session cookie of <paramref name="session"/>.</summary>
    public void SetCookie(HttpContext context, (string SessionId, DateTimeOffset ExpiresAt) session)
    {
        var s = session;
        context.Response.Cookies.Append(CookieName, s.SessionId, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            Expires = s.ExpiresAt,
            IsEssential = true,
        });
    }

    /// <summary>Ends the request's session and clears its cookie.</summary>
    public void Logout(HttpContext context)
    {
        Sessions.End(SessionOf(context.Request));
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", SameSite = SameSiteMode.Strict, HttpOnly = true });
    }
}
