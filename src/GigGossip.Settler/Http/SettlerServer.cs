using GigGossip.Hosting;
using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Host;
using GigGossip.Settler.Storage;
using GigGossip.Wallet.Client;
using GigGossip.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GigGossip.Settler.Http;

/// <summary>
/// The settler as an HTTP service: a <see cref="SettlerHost"/> on SQLite or PostgreSQL behind Kestrel, its API
/// (<see cref="SettlerEndpoints"/>), the operator's endpoints behind an admin token, and its OpenAPI document at
/// /openapi/v1.json.
/// </summary>
public sealed class SettlerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SettlerServer(WebApplication app, SettlerHost host, AdminToken adminToken, Uri baseUri, GigGossip.Web.WebAccess console)
    {
        _app = app;
        Console = console;
        Host = host;
        AdminToken = adminToken.Value;
        BaseUri = baseUri;
    }

    /// <summary>Where the service answers, e.g. http://127.0.0.1:45123/.</summary>
    public Uri BaseUri { get; }

    /// <summary>The settler in process (its <see cref="ISettlerApi"/> and CA operations).</summary>
    public SettlerHost Host { get; }

    /// <summary>The operator's console in the browser (/console/) and its sessions.</summary>
    public GigGossip.Web.WebAccess Console { get; }

    /// <summary>The operator's token (the content of the admin token file).</summary>
    public string AdminToken { get; }

    /// <exception cref="KeyFileException">the admin token file cannot be used.</exception>
    /// <exception cref="SettlerStoreException">the database cannot be opened or read.</exception>
    public static async Task<SettlerServer> StartAsync(SettlerServerOptions options, CancellationToken cancellationToken = default)
    {
        if ((options.WalletUri is null) == (options.Wallet is null)) throw new ArgumentException("set exactly one of WalletUri and Wallet", nameof(options));
        var adminToken = GigGossip.Http.AdminToken.LoadOrCreate(options.AdminTokenFile);
        var store = await SettlerStores.OpenAsync(options.Database, cancellationToken);
        WebApplication? app = null;
        try
        {
            var builder = LoopbackHost.CreateBuilder(options.Address, options.Port, options.Logging);
            builder.Services.AddOpenApi();
            options.ClientLimits.AddTo(builder.Services);
            app = builder.Build();
            app.UseProblems(Map);
            app.UseRateLimiter();
            var slot = new SettlerSlot();
            app.MapOpenApi();
            SettlerEndpoints.Map(app, slot);
            FundingNoticeEndpoint.Map(app, slot);
            // Console sessions survive a restart in settler.db (a PostgreSQL settler keeps them in memory only).
            var sessionStore = PostgresUri.IsPostgres(options.Database) ? null : new GigGossip.Web.SqliteWebSessionStore(options.Database);
            var console = new GigGossip.Web.WebAccess(new GigGossip.Web.WebSessions(options.Time, store: sessionStore), "gg_settler_console");
            SettlerAdminEndpoints.Map(app, slot, adminToken, console);
            SettlerConsole.Map(app, adminToken, console);
            await app.StartAsync(cancellationToken);
            var baseUri = LoopbackHost.BoundAddress(app);
            var openWallet = options.Wallet ?? (key => new WalletHttpClient(options.WalletUri!, key));
            slot.Host = await SettlerHost.StartAsync(store, openWallet, new SettlerHostOptions
            {
                Uri = options.PublicUri ?? baseUri.AbsoluteUri.TrimEnd('/'),
                Policy = options.Policy,
                Time = options.Time,
                InvoiceMinFinalCltvExpiryDelta = options.InvoiceCltvDelta,
                CertificateValidity = options.CertificateValidity,
                TimerPollInterval = options.TimerPollInterval,
                WalletCallGuard = options.WalletCallGuard,
                Logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GigGossip.Settler"),
            }, cancellationToken);
            return new SettlerServer(app, slot.Host, adminToken, baseUri, console);
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl-C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Host.DisposeAsync();
    }

    private static (int Status, Problem Problem)? Map(Exception e) => e switch
    {
        SubjectProofException => (401, new Problem("Unauthorized", HttpInput.OneLine(e.Message))),
        SubjectNotApprovedException => (403, new Problem("NotApproved", HttpInput.OneLine(e.Message))),
        SettlerException => (400, new Problem("Refused", HttpInput.OneLine(e.Message))),
        WalletException w => (502, new Problem("Wallet", HttpInput.OneLine(w.Message))),
        _ => null,
    };
}
