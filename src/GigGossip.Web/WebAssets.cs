using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Web;

/// <summary>The apps' static files, embedded in this assembly under wwwroot/, served with a strict content security policy.</summary>
public static class WebAssets
{
    private static readonly Assembly Assembly = typeof(WebAssets).Assembly;

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".json"] = "application/json",
    };

    /// <summary>Whether an embedded file exists at <paramref name="path"/> (relative to wwwroot, e.g. node/index.html).</summary>
    public static bool Exists(string path) => Assembly.GetManifestResourceInfo("wwwroot/" + path) is not null;

    /// <summary>Writes the embedded file, or a 404 page when there is none.</summary>
    public static async Task ServeAsync(HttpContext context, string path)
    {
        var response = context.Response;
        response.Headers["Content-Security-Policy"] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
        var clean = path.Replace('\\', '/');
        if (clean.Contains("..", StringComparison.Ordinal) || Assembly.GetManifestResourceStream("wwwroot/" + clean) is not { } stream)
        {
            response.StatusCode = 404;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"no file {path}", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        await using (stream)
        {
            response.ContentType = Types.TryGetValue(Path.GetExtension(clean), out var type) ? type : "application/octet-stream";
            response.ContentLength = stream.Length;
            await stream.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
