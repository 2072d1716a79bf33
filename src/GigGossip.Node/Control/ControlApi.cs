using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GigGossip.Node.Hosting;
using GigGossip.Node.State;
using GigGossip.Node.Web;
using GigGossip.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GigGossip.Node.Control;

/// <summary>
/// The node's local HTTP API on 127.0.0.1: every request must carry <c>Authorization: Bearer TOKEN</c> with the
/// token from the node's token file, or the session cookie of a paired browser (401 otherwise); a request the node
/// cannot act on gets a one-line JSON error. The browser app is served here too (<see cref="NodeWebRoutes"/>).
/// </summary>
internal sealed class ControlApi : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Request bodies: a field the API does not know is an error (a typo must not be silently ignored).</summary>
    public static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private readonly WebApplication _app;

    private readonly string? _urlFile;

    private ControlApi(WebApplication app, Uri uri, string token, string? urlFile, WebAccess web)
    {
        _app = app;
        Web = web;
        Uri = uri;
        Token = token;
        _urlFile = urlFile;
    }

    public Uri Uri { get; }

    public string Token { get; }

    /// <summary>Browser sessions: a paired browser's cookie stands in for the token.</summary>
    public WebAccess Web { get; }

    public static async Task<ControlApi> StartAsync(NodeHost host, ControlApiOptions options, ILoggerFactory logging, CancellationToken cancellationToken)
    {
        var token = SecretFile.Token(options.TokenFile);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = ControlInput.MaxBodyBytes;
        });
        ControlOpenApi.AddTo(builder.Services);
        var app = builder.Build();
        // Whatever the framework refuses with an empty body (a malformed path or query) still gets a JSON error.
        app.UseStatusCodePages(pages => pages.HttpContext.Response.HasStarted
            ? Task.CompletedTask
            : Write(pages.HttpContext, pages.HttpContext.Response.StatusCode, new ErrorView($"the request was refused ({pages.HttpContext.Response.StatusCode})")));
        var expected = Encoding.ASCII.GetBytes("Bearer " + token);
        var web = new WebAccess(new WebSessions(host.Time, store: new SqliteWebSessionStore(host.StatePath)), "gg_node_" + host.Id.ToHex()[..16]);
        app.Use(async (context, next) =>
        {
            var presented = Encoding.ASCII.GetBytes(context.Request.Headers.Authorization.ToString());
            if (CryptographicOperations.FixedTimeEquals(presented, expected)) context.Items[NodeWebRoutes.BearerItem] = true;
            else if (!NodeWebRoutes.IsPublic(context.Request.Path))
            {
                // No bearer token: a browser session cookie (with the CSRF header on state changes) will do.
                var refusal = context.Request.Headers.Authorization.Count > 0 ? "missing or wrong bearer token (see the node's control token file)" : web.Refusal(context.Request);
                if (refusal is not null)
                {
                    await Write(context, 401, new ErrorView(refusal)).ConfigureAwait(false);
                    return;
                }
            }
            await next(context).ConfigureAwait(false);
        });
        app.MapOpenApi();
        ControlEndpoints.Map(app, host);
        NodeWebRoutes.Map(app, host, web);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new NodeStartException($"the control API cannot listen on 127.0.0.1:{options.Port}: {e.Message}", e);
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var api = new ControlApi(app, new Uri(address.TrimEnd('/') + "/"), token, options.UrlFile, web);
        if (options.UrlFile is { } urlFile)
        {
            try
            {
                await File.WriteAllTextAsync(urlFile, api.Uri + Environment.NewLine, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await api.DisposeAsync().ConfigureAwait(false);
                throw new NodeStartException($"cannot write the control API address to {urlFile}: {e.Message}", e);
            }
        }
        return api;
    }

    /// <summary>Every route the API maps, as (method, pattern) pairs: what its OpenAPI document must describe.</summary>
    internal IReadOnlyList<(string Method, string Pattern)> Routes =>
        [.. ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, "/" + e.RoutePattern.RawText?.TrimStart('/'))))];

    public static Task Write<T>(HttpContext context, int status, T body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, Json);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_urlFile is not null) File.Delete(_urlFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
