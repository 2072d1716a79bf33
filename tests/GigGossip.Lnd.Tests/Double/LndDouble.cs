using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using GigGossip.Lnd.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GigGossip.Lnd.Tests.Double;

/// <summary>
/// One LND node's REST API, for tests where no LND binary can run: Kestrel on 127.0.0.1 (a free port, kept across
/// restarts), HTTPS with a self-signed certificate it makes (its tls.cert), a macaroon checked as LND does (a bad one is
/// HTTP 500, code 2), the endpoints the LND backend uses answered in LND's shapes and with LND's errors, the money on
/// one account of the <see cref="LndDoubleNetwork"/>'s ledger. <see cref="StopAsync"/> cuts every stream with no final
/// update, as an LND restart does; <see cref="StartAsync"/> brings it back on the same address with the same state.
/// </summary>
public sealed partial class LndDouble : IAsyncDisposable
{
    private readonly LndDoubleNetwork _network;
    private readonly X509Certificate2 _serverCertificate;
    private WebApplication? _app;
    private CancellationTokenSource _running = new();
    private int _port;

    public LndDouble(LndDoubleNetwork network, string account)
    {
        _network = network;
        Account = account;
        Identity = LndDoubleNetwork.IdentityOf(account);
        MacaroonHex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(64));
        _serverCertificate = MakeCertificate();
        Certificate = X509CertificateLoader.LoadCertificate(_serverCertificate.RawData);
    }

    public string Account { get; }

    public string Identity { get; }

    public string MacaroonHex { get; }

    /// <summary>The public tls.cert a client pins.</summary>
    public X509Certificate2 Certificate { get; }

    public Uri RestUrl => new($"https://127.0.0.1:{_port}");

    public LndConnection Connection => new(RestUrl, MacaroonHex, Certificate);

    /// <summary>How many requests were refused for a bad macaroon.</summary>
    public int Refused { get; private set; }

    /// <summary>
    /// Test switch: invoices are shown without their HTLCs (as LookupInvoiceV2 with lookup_modifier HTLC_SET_BLANK shows
    /// them): an answer from which the hold deadline of an accepted invoice cannot be read.
    /// </summary>
    public bool HideHtlcs { get; set; }

    public async Task StartAsync()
    {
        if (_app is not null) return;
        _running = new CancellationTokenSource();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, _port, listen => listen.UseHttps(_serverCertificate));
            kestrel.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(Guard);
        MapInvoices(app);
        MapRouter(app);
        MapLightning(app);
        app.MapFallback(context => Answer(context, 404, LndDoubleJson.Error(5, "Not Found")));
        await app.StartAsync();
        _port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    /// <summary>Stops at once, as a killed LND: open streams end without a final update.</summary>
    public async Task StopAsync()
    {
        if (_app is not { } app) return;
        _app = null;
        await _running.CancelAsync();
        await app.StopAsync(new CancellationToken(canceled: true));
        await app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _serverCertificate.Dispose();
        Certificate.Dispose();
    }

    /// <summary>Macaroon check and LND's error bodies for whatever a handler throws.</summary>
    private async Task Guard(HttpContext context, Func<Task> next)
    {
        var macaroon = context.Request.Headers["Grpc-Metadata-macaroon"].ToString();
        if (macaroon.Length == 0)
        {
            Refused++;
            await Answer(context, 500, LndDoubleJson.Error(2, "expected 1 macaroon, got 0"));
            return;
        }
        if (!string.Equals(macaroon, MacaroonHex, StringComparison.OrdinalIgnoreCase))
        {
            Refused++;
            await Answer(context, 500, LndDoubleJson.Error(2, "verification failed: signature mismatch after caveat verification"));
            return;
        }
        try
        {
            await next();
        }
        catch (LndDoubleError e) when (!context.Response.HasStarted)
        {
            await Answer(context, e.HttpStatus, LndDoubleJson.Error(e.Code, e.Message));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task Answer(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task Ok(HttpContext context, JsonNode body) => Answer(context, 200, body);

    private static async Task<string> BodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    /// <summary>Starts a stream: 200 and JSON lines from here on.</summary>
    private static async Task BeginStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
    }

    private static async Task WriteLineAsync(HttpContext context, JsonNode result, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync(new JsonObject { ["result"] = result }.ToJsonString() + "\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private CancellationTokenSource Linked(HttpContext context) => CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _running.Token);

    private static X509Certificate2 MakeCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=lnd double, O=lnd autogenerated cert", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
