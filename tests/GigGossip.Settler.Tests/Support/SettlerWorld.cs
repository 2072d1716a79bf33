using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Settler.Tests.Support;

/// <summary>
/// A settler service on 127.0.0.1 (its database SQLite or PostgreSQL), a real HODL ledger for everyone's money (the
/// settler sees only its own invoices in it, through <see cref="OwnInvoicesOnlyWallet"/>),
/// a fake clock shared by both, and the people of a ride: a sender and a driver with certificates from the settler.
/// </summary>
public sealed class SettlerWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public const long SenderFunding = 100_000_000;
    public const long DriverPrice = 25_000_000;

    private readonly TempDir _dir = new();
    private readonly string _database;
    private int _port;

    private readonly Func<IInvoiceWatchingWallet, IHodlWallet> _wrapWallet;
    private readonly SettlerClientLimits _clientLimits;
    private readonly Protocol.Settlement.SettlerPolicy _policy;

    private SettlerWorld(string? database, Func<IInvoiceWatchingWallet, IHodlWallet>? wrapWallet, SettlerClientLimits? clientLimits, Protocol.Settlement.SettlerPolicy? policy)
    {
        _wrapWallet = wrapWallet ?? (w => w);
        _clientLimits = clientLimits ?? new();
        _policy = policy ?? new Protocol.Settlement.SettlerPolicy();
        _database = database ?? _dir.File("settler.db");
        Ledger = new LedgerWallet(HodlLedger.Open(_dir.File("ledger.db"), T0), Time);
    }

    public FakeTimeProvider Time { get; } = new(T0);

    public LedgerWallet Ledger { get; }

    public SettlerServer Server { get; private set; } = null!;

    /// <summary>The settler's wallet: it shows the settler only its own invoices and payments, as a Lightning node would.</summary>
    public OwnInvoicesOnlyWallet SettlerWallet { get; private set; } = null!;

    private readonly List<OwnInvoicesOnlyWallet> _settlerWallets = [];

    /// <summary>Every look the settler tried at another account's money, over all its restarts (checked empty on dispose).</summary>
    public IReadOnlyList<string> RefusedLooks => [.. _settlerWallets.SelectMany(w => w.RefusedLooks)];

    public SettlerHttpClient Settler { get; private set; } = null!;

    public SettlerAdminClient Admin { get; private set; } = null!;

    public SecretKey SenderKey { get; } = SecretKey.Generate();

    public SecretKey DriverKey { get; } = SecretKey.Generate();

    public IInvoiceWatchingWallet Sender { get; private set; } = null!;

    public IInvoiceWatchingWallet Driver { get; private set; } = null!;

    public string AdminTokenFile => _dir.File("settler-admin.token");

    /// <summary>The settler's SQLite file (or PostgreSQL URI).</summary>
    public string Database => _database;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Starts the settler on <paramref name="database"/> (a SQLite file in the world's temp dir when null).</summary>
    /// <param name="wrapWallet">Puts something between the settler and its real ledger account (a wallet that fails on cue).</param>
    public static async Task<SettlerWorld> StartAsync(string? database = null, Func<IInvoiceWatchingWallet, IHodlWallet>? wrapWallet = null,
        SettlerClientLimits? clientLimits = null, Protocol.Settlement.SettlerPolicy? policy = null)
    {
        var world = new SettlerWorld(database, wrapWallet, clientLimits, policy);
        await world.StartServerAsync();
        world.Sender = world.Ledger.OpenAccount(world.SenderKey.PublicKey.ToHex());
        world.Driver = world.Ledger.OpenAccount(world.DriverKey.PublicKey.ToHex());
        world.Ledger.Fund(world.Sender.AccountId, SenderFunding);
        return world;
    }

    /// <summary>
    /// Stops the settler service (the ledger goes on) and starts it again on the same database and port; <paramref name="whileDown"/>
    /// runs in between (to change the database as an older build left it).
    /// </summary>
    public async Task RestartAsync(Func<Task>? whileDown = null)
    {
        Settler.Dispose();
        Admin.Dispose();
        await Server.DisposeAsync();
        if (whileDown is not null) await whileDown();
        await StartServerAsync();
    }

    private async Task StartServerAsync()
    {
        Server = await StartServerAsync(_port, _wrapWallet, wallet => SettlerWallet = wallet);
        _port = Server.BaseUri.Port;
        Settler = new SettlerHttpClient(Server.BaseUri);
        Admin = new SettlerAdminClient(Server.BaseUri, Server.AdminToken);
    }

    private readonly List<(SettlerServer Server, SettlerHttpClient Client, SettlerAdminClient Admin)> _instances = [];

    /// <summary>
    /// Starts another settler process's worth (a second HTTP service and host) on the same database, ledger and clock: on
    /// PostgreSQL it serves the same settler (docs/operator/settler-scale-out.md). Stopped on dispose.
    /// </summary>
    public async Task<(SettlerServer Server, SettlerHttpClient Client, SettlerAdminClient Admin)> StartInstanceAsync(Func<IInvoiceWatchingWallet, IHodlWallet>? wrapWallet = null)
    {
        var server = await StartServerAsync(0, wrapWallet ?? _wrapWallet, _ => { });
        var instance = (server, new SettlerHttpClient(server.BaseUri), new SettlerAdminClient(server.BaseUri, server.AdminToken));
        _instances.Add(instance);
        return instance;
    }

    /// <summary>A settler service on this world's database, ledger and clock; <paramref name="opened"/> sees the wallet it opens on the settler's key.</summary>
    private Task<SettlerServer> StartServerAsync(int port, Func<IInvoiceWatchingWallet, IHodlWallet> wrapWallet, Action<OwnInvoicesOnlyWallet> opened) =>
        SettlerServer.StartAsync(new SettlerServerOptions
        {
            Database = _database,
            AdminTokenFile = AdminTokenFile,
            Port = port,
            Wallet = key =>
            {
                var wallet = new OwnInvoicesOnlyWallet(wrapWallet(Ledger.OpenAccount(key.PublicKey.ToHex())));
                _settlerWallets.Add(wallet);
                opened(wallet);
                return wallet;
            },
            Policy = _policy,
            Time = Time,
            ClientLimits = _clientLimits,
            Logging = _ => { },
        }, TestContext.Current.CancellationToken);

    /// <summary>Stops an instance started with <see cref="StartInstanceAsync"/> (the others go on).</summary>
    public async Task StopInstanceAsync(SettlerServer server)
    {
        var instance = _instances.Single(i => i.Server == server);
        _instances.Remove(instance);
        instance.Client.Dispose();
        instance.Admin.Dispose();
        await instance.Server.DisposeAsync();
    }

    /// <summary>Registers the sender, and the driver with a driving licence; both get certificates.</summary>
    public async Task<(SignedCertificate Sender, SignedCertificate Driver)> CertifyAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await Settler.RegisterAsync(SenderKey, NowMs, ct);
        await Settler.RegisterAsync(DriverKey, NowMs, ct);
        await Admin.GrantAsync(DriverKey.PublicKey, "driving_licence", cancellationToken: ct);
        return (await Settler.RequestCertificateAsync(SenderKey, NowMs, ct), await Settler.RequestCertificateAsync(DriverKey, NowMs, ct));
    }

    public long Balance(IHodlWallet wallet) => Ledger.OpenAccount(wallet.AccountId).GetBalanceAsync().Result;

    public long SettlerBalance => Ledger.OpenAccount(Server.Host.WalletAccount).GetBalanceAsync().Result;

    /// <summary>Completes when the settler has handled an input matching <paramref name="match"/>.</summary>
    public Task WhenSettlerHandled(Func<EngineInput, bool> match) => Server.Host.WhenHandled(match);

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances.ToList()) await StopInstanceAsync(instance.Server);
        Settler.Dispose();
        Admin.Dispose();
        await Server.DisposeAsync();
        Ledger.Dispose();
        _dir.Dispose();
        Assert.Empty(RefusedLooks);
    }
}
