using GigGossip.Hosting;
using GigGossip.Payments.Ledger;
using Microsoft.Extensions.Hosting;
using GigGossip.Wallet.Auth;
using GigGossip.Http;
using GigGossip.Wallet.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GigGossip.Wallet;

/// <summary>
/// The HODL ledger as an HTTP service (see <c>Http/WalletEndpoints.cs</c> for the API): Kestrel on one address,
/// accounts that prove their key to get a session, invoices, payments, watches and a server-sent event
/// stream, the operator's funding and audit behind an admin token, and its OpenAPI document at /openapi/v1.json.
/// Expiry runs on the wallet's timer.
/// </summary>
public sealed class WalletServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WalletServer(WebApplication app, LedgerWallet wallet, AdminToken adminToken, WalletChallenges challenges)
    {
        _app = app;
        Challenges = challenges;
        Wallet = wallet;
        AdminToken = adminToken.Value;
        BaseUri = LoopbackHost.BoundAddress(app);
    }

    /// <summary>Where the service answers, e.g. http://127.0.0.1:45123/.</summary>
    public Uri BaseUri { get; }

    /// <summary>The ledger behind the service, for in-process use (the demo's final audit).</summary>
    public LedgerWallet Wallet { get; }

    /// <summary>The unanswered challenges (tests count them under a flood).</summary>
    internal WalletChallenges Challenges { get; }

    /// <summary>The operator's token (the content of the admin token file).</summary>
    public string AdminToken { get; }

    /// <exception cref="KeyFileException">the admin token file cannot be used.</exception>
    /// <exception cref="LedgerFileException">the ledger file is not a ledger.</exception>
    public static async Task<WalletServer> StartAsync(WalletServerOptions options, CancellationToken cancellationToken = default)
    {
        var adminToken = GigGossip.Http.AdminToken.LoadOrCreate(options.AdminTokenFile);
        var now = options.Time.GetUtcNow();
        var ledgerOptions = new LedgerOptions { Network = options.Network };
        var ledger = options.LedgerPath is null ? HodlLedger.OpenInMemory(now, ledgerOptions) : HodlLedger.Open(options.LedgerPath, now, ledgerOptions);
        var wallet = new LedgerWallet(ledger, options.Time);
        try
        {
            var builder = LoopbackHost.CreateBuilder(options.Address, options.Port, options.Logging);
            builder.Services.AddOpenApi();
            var app = builder.Build();
            app.UseProblems(WalletErrors.Map);
            app.MapOpenApi();
            var service = new WalletService(wallet, new WalletChallenges(options.Time, options.ChallengeLifetime, options.ChallengeLimits),
                new WalletSessions(options.Time, options.SessionLifetime), adminToken);
            WalletEndpoints.Map(app, service);
            WalletAdminEndpoints.Map(app, service);
            await app.StartAsync(cancellationToken);
            return new WalletServer(app, wallet, adminToken, service.Challenges);
        }
        catch
        {
            wallet.Dispose();
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop (Ctrl-C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Wallet.Dispose();
    }
}
