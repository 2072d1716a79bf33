using System.Text.Json.Nodes;
using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Settler.Client;
using GigGossip.Settler.Tests.Support;
using GigGossip.Wallet;

namespace GigGossip.Crash.Tests.ScaleOut;

/// <summary>
/// Two `giggossip settler serve` processes (A and B) on one private PostgreSQL database, serving one settler, both paying
/// through one wallet service (in this process, so the test reads its ledger), behind a <see cref="RoundRobinSettler"/>;
/// and the people of the rides: senders and drivers with certificates from the settler, money on the ledger.
/// </summary>
internal sealed class ScaleOutWorld : IAsyncDisposable
{
    public const long PriceMsat = 5_000_000;
    public const long FeeMsat = 1_000;

    private readonly string _directory;
    private readonly List<SettlerHttpClient> _clients = [];
    private readonly List<SettlerAdminClient> _admins = [];

    private ScaleOutWorld(string directory, WalletServer wallet, string database)
    {
        _directory = directory;
        Wallet = wallet;
        Database = database;
    }

    public WalletServer Wallet { get; }

    /// <summary>The settlers' shared PostgreSQL database (postgres:// URI).</summary>
    public string Database { get; }

    /// <summary>The ledger file (read at the end for its entries).</summary>
    public string LedgerPath => Path.Combine(_directory, "ledger.db");

    public Dictionary<string, ChildProcess> Settlers { get; } = [];

    public RoundRobinSettler Settler { get; private set; } = null!;

    public PublicKey SettlerKey { get; private set; } = null!;

    public List<Party> Senders { get; } = [];

    public List<Party> Drivers { get; } = [];

    /// <summary>Everything the ledger was given (its total must not change).</summary>
    public long Funded { get; private set; }

    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <param name="environmentB">Environment of process B (e.g. <c>GIGGOSSIP_CRASH_AT</c>).</param>
    public static async Task<ScaleOutWorld> StartAsync(string database, int people, long fundingEach, IReadOnlyDictionary<string, string>? environmentB = null)
    {
        var directory = Directory.CreateTempSubdirectory("gg-scaleout-").FullName;
        var wallet = await WalletServer.StartAsync(new WalletServerOptions
        {
            LedgerPath = Path.Combine(directory, "ledger.db"),
            AdminTokenFile = Path.Combine(directory, "wallet.token"),
            Logging = _ => { },
        });
        var world = new ScaleOutWorld(directory, wallet, database);
        try
        {
            await world.StartSettlerAsync("A", null);
            await world.StartSettlerAsync("B", environmentB);
            world.Settler = new RoundRobinSettler(world._clients, world._admins);
            await world.AddPeopleAsync(people, fundingEach);
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    private async Task StartSettlerAsync(string name, IReadOnlyDictionary<string, string>? environment)
    {
        var config = Path.Combine(_directory, $"settler-{name}.json");
        File.WriteAllText(config, new JsonObject
        {
            ["settler"] = new JsonObject
            {
                ["adminTokenFile"] = "settler.token",
                ["port"] = 0,
                ["publicUri"] = "http://settler.scaleout.test",
                ["walletUri"] = Wallet.BaseUri.AbsoluteUri,
                ["timerPollMs"] = 250,
                ["walletCallGuardSeconds"] = 2,
                ["clientLimits"] = new JsonObject { ["burst"] = 100_000, ["perMinute"] = 1_000_000 },
            },
        }.ToJsonString());
        var process = ChildProcess.Start("settler-" + name, environment, "settler", "serve", "--config", config, "--db", Database);
        Settlers[name] = process;
        var line = await process.LineAsync(l => l.StartsWith("settler ", StringComparison.Ordinal) && l.Contains(" listening on ", StringComparison.Ordinal));
        var key = PublicKey.FromHex(line.Split(' ')[1]);
        if (SettlerKey is not null) Assert.Equal(SettlerKey, key);
        SettlerKey = key;
        var uri = new Uri(line[(line.IndexOf(" listening on ", StringComparison.Ordinal) + " listening on ".Length)..].Split(' ')[0]);
        _clients.Add(new SettlerHttpClient(uri));
        _admins.Add(new SettlerAdminClient(uri, File.ReadAllText(Path.Combine(_directory, "settler.token")).Trim()));
    }

    /// <summary>Senders (funded) and drivers (with a driving licence), each registered at one instance and certified by the other.</summary>
    private async Task AddPeopleAsync(int people, long fundingEach)
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < people; i++)
        {
            foreach (var driver in new[] { false, true })
            {
                var key = SecretKey.Generate();
                await Settler.OnAnyAsync(async c => { await c.RegisterAsync(key, NowMs, ct); return true; });
                if (driver) await Settler.AdminAsync(a => a.GrantAsync(key.PublicKey, "driving_licence", cancellationToken: ct));
                var certificate = await Settler.OnAnyAsync(c => c.RequestCertificateAsync(key, NowMs, ct));
                var account = Wallet.Wallet.OpenAccount(key.PublicKey.ToHex());
                if (!driver)
                {
                    Wallet.Wallet.Fund(account.AccountId, fundingEach);
                    Funded += fundingEach;
                }
                (driver ? Drivers : Senders).Add(new Party(key, certificate, account));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        foreach (var admin in _admins) admin.Dispose();
        foreach (var settler in Settlers.Values) await settler.DisposeAsync();
        await Wallet.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>A sender or driver: its key, its certificate from the settler and its ledger account.</summary>
internal sealed record Party(SecretKey Key, SignedCertificate Certificate, IInvoiceWatchingWallet Wallet);
