using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Crypto;
using GigGossip.Wallet.Client;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Wallet.Tests.Support;

/// <summary>Accounts on one wallet, reached in process or over HTTP, on a fake clock.</summary>
public abstract class WalletWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private protected readonly TempDir Dir = new();

    public FakeTimeProvider Time { get; } = new(T0);

    /// <summary>A new account with its own key, funded with <paramref name="fundingMsat"/>.</summary>
    public abstract Task<IInvoiceWatchingWallet> AccountAsync(long fundingMsat = 0);

    public abstract LedgerAuditReport Audit();

    public virtual ValueTask DisposeAsync()
    {
        Dir.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The ledger in process: <see cref="LedgerWallet"/> on a SQLite file.</summary>
public sealed class InProcessWorld : WalletWorld
{
    private readonly LedgerWallet _wallet;

    public InProcessWorld() => _wallet = new LedgerWallet(HodlLedger.Open(Dir.File("ledger.db"), T0), Time);

    public override Task<IInvoiceWatchingWallet> AccountAsync(long fundingMsat = 0)
    {
        var account = _wallet.OpenAccount(SecretKey.Generate().PublicKey.ToHex());
        if (fundingMsat > 0) _wallet.Fund(account.AccountId, fundingMsat);
        return Task.FromResult(account);
    }

    public override LedgerAuditReport Audit() => _wallet.Audit();

    public override ValueTask DisposeAsync()
    {
        _wallet.Dispose();
        return base.DisposeAsync();
    }
}

/// <summary>The same ledger behind a <see cref="WalletServer"/> on 127.0.0.1, each account a <see cref="WalletHttpClient"/>.</summary>
public sealed class HttpWorld : WalletWorld
{
    private readonly List<WalletHttpClient> _clients = [];

    private HttpWorld()
    {
    }

    public WalletServer Server { get; private set; } = null!;

    public WalletAdminClient Admin { get; private set; } = null!;

    public string AdminTokenFile => Dir.File("admin.token");

    public static async Task<HttpWorld> StartAsync(TimeSpan? sessionLifetime = null, Auth.ChallengeLimits? challengeLimits = null)
    {
        var world = new HttpWorld();
        world.Server = await WalletServer.StartAsync(new WalletServerOptions
        {
            LedgerPath = world.Dir.File("ledger.db"),
            AdminTokenFile = world.AdminTokenFile,
            Time = world.Time,
            SessionLifetime = sessionLifetime ?? TimeSpan.FromHours(1),
            ChallengeLimits = challengeLimits ?? new(),
            Logging = _ => { },
        }, TestContext.Current.CancellationToken);
        world.Admin = new WalletAdminClient(world.Server.BaseUri, world.Server.AdminToken);
        return world;
    }

    public WalletHttpClient Client(SecretKey key)
    {
        var client = new WalletHttpClient(Server.BaseUri, key);
        _clients.Add(client);
        return client;
    }

    public override async Task<IInvoiceWatchingWallet> AccountAsync(long fundingMsat = 0)
    {
        var client = Client(SecretKey.Generate());
        if (fundingMsat > 0) await Admin.FundAsync(client.AccountId, fundingMsat, TestContext.Current.CancellationToken);
        return client;
    }

    public override LedgerAuditReport Audit() => Server.Wallet.Audit();

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        Admin.Dispose();
        await Server.DisposeAsync();
        await base.DisposeAsync();
    }
}
