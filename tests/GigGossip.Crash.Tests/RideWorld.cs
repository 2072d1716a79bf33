using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GigGossip.Node.Control;
using GigGossip.Protocol.Crypto;
using GigGossip.Settler.Client;
using GigGossip.Wallet.Client;

namespace GigGossip.Crash.Tests;

/// <summary>
/// The production layout as separate processes on 127.0.0.1: `giggossip wallet serve`, `giggossip settler serve` (SQLite
/// files in a temporary directory) and three `giggossip node` daemons in a line, sender - middleman - driver. Services
/// bind port 0 first and keep the port they got for their restarts (the nodes' configs and the settler's URI name it).
/// </summary>
internal sealed class RideWorld : IAsyncDisposable
{
    public const long FundingMsat = 1_000_000_000;
    public const long PriceSats = 25_000;
    public const long MiddlemanFeeMsat = 2_000;
    public const long DriverFeeMsat = 3_000;
    public const long SettlerFeeMsat = 1_000;

    private readonly ConcurrentDictionary<string, ChildProcess> _running = [];
    private readonly ConcurrentDictionary<string, string[]> _commands = [];
    private readonly ConcurrentDictionary<string, ControlClient> _controls = [];

    private RideWorld(string directory) => Directory = directory;

    public string Directory { get; }

    public string WalletDb => Path.Combine(Directory, "wallet.db");

    public required WalletAdminClient Admin { get; init; }

    public required string SettlerAccount { get; init; }

    /// <summary>Where the settler service answers (its operator commands take it as --url).</summary>
    public required Uri SettlerUri { get; init; }

    /// <summary>The settler's admin token file (its operator commands take it as --admin-token).</summary>
    public string SettlerTokenFile => Path.Combine(Directory, "settler.token");

    public ConcurrentDictionary<string, string> Accounts { get; } = [];

    /// <summary>Each node's peer address (pubkey@127.0.0.1:port).</summary>
    public ConcurrentDictionary<string, string> Addresses { get; } = [];

    public required Uri WalletUri { get; init; }

    public ChildProcess this[string name] => _running[name];

    public ControlClient Control(string name) => _controls[name];

    /// <summary>Starts everything; <paramref name="crashAt"/> (process name, crash point) arms one process to die at that point.</summary>
    public static async Task<RideWorld> StartAsync((string Process, string Point)? crashAt)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("giggossip-crash-").FullName;
        var pending = new Dictionary<string, ChildProcess>();
        RideWorld? world = null;
        try
        {
            return await StartInAsync(directory, pending, crashAt, made => world = made);
        }
        catch
        {
            if (world is not null) await world.DisposeAsync();
            else
            {
                foreach (var process in pending.Values) await process.DisposeAsync();
                System.IO.Directory.Delete(directory, recursive: true);
            }
            throw;
        }
    }

    /// <summary>Starts the services and nodes in <paramref name="directory"/>; what it started is in <paramref name="pending"/> or the world it made.</summary>
    private static async Task<RideWorld> StartInAsync(string directory, Dictionary<string, ChildProcess> pending, (string Process, string Point)? crashAt, Action<RideWorld> made)
    {
        var services = Path.Combine(directory, "services.json");
        var config = new JsonObject
        {
            ["wallet"] = new JsonObject { ["ledger"] = "wallet.db", ["adminTokenFile"] = "wallet.token", ["port"] = 0 },
            ["settler"] = new JsonObject
            {
                ["database"] = "settler.db", ["adminTokenFile"] = "settler.token", ["port"] = 0,
                ["policy"] = new JsonObject { ["networkFeeMsat"] = SettlerFeeMsat, ["lockTimeoutSeconds"] = 60, ["disputeWindowSeconds"] = 60, ["completionTimeSeconds"] = 1 },
            },
        };
        Environment(crashAt, "wallet", out var walletEnvironment);
        File.WriteAllText(services, config.ToJsonString());
        var wallet = ChildProcess.Start("wallet", walletEnvironment, "wallet", "serve", "--config", services);
        pending["wallet"] = wallet;
        var walletUri = new Uri(After(await wallet.LineAsync(l => l.StartsWith("wallet listening on ", StringComparison.Ordinal)), "wallet listening on ").Split(' ')[0]);
        config["wallet"]!["port"] = walletUri.Port;
        config["settler"]!["walletUri"] = walletUri.AbsoluteUri;
        File.WriteAllText(services, config.ToJsonString());
        Environment(crashAt, "settler", out var settlerEnvironment);
        var settler = ChildProcess.Start("settler", settlerEnvironment, "settler", "serve", "--config", services);
        pending["settler"] = settler;
        var settlerLine = await settler.LineAsync(l => l.StartsWith("settler ", StringComparison.Ordinal) && l.Contains(" listening on ", StringComparison.Ordinal));
        var settlerKey = PublicKey.FromHex(settlerLine.Split(' ')[1]);
        var settlerUri = new Uri(After(settlerLine, " listening on ").Split(' ')[0]);
        config["settler"]!["port"] = settlerUri.Port;
        File.WriteAllText(services, config.ToJsonString());

        var world = new RideWorld(directory)
        {
            Admin = new WalletAdminClient(walletUri, File.ReadAllText(Path.Combine(directory, "wallet.token")).Trim()),
            SettlerAccount = settlerKey.ToHex(),
            SettlerUri = settlerUri,
            WalletUri = walletUri,
        };
        foreach (var (name, process) in pending) world._running[name] = process;
        made(world);
        world._commands["wallet"] = ["wallet", "serve", "--config", services];
        world._commands["settler"] = ["settler", "serve", "--config", services];

        using var settlerAdmin = new SettlerAdminClient(settlerUri, File.ReadAllText(Path.Combine(directory, "settler.token")).Trim());
        using var settlerClient = new SettlerHttpClient(settlerUri);
        var trusted = new JsonArray(new JsonObject { ["uri"] = settlerUri.AbsoluteUri.TrimEnd('/'), ["publicKey"] = settlerKey.ToHex() });
        var ends = await Task.WhenAll(
            world.AddNodeAsync("sender", settlerClient, settlerAdmin, walletUri, trusted, [], driver: false, routingFeeMsat: 1_000, crashAt),
            world.AddNodeAsync("driver", settlerClient, settlerAdmin, walletUri, trusted, [], driver: true, routingFeeMsat: DriverFeeMsat, crashAt));
        var (sender, driver) = (ends[0], ends[1]);
        await world.AddNodeAsync("middleman", settlerClient, settlerAdmin, walletUri, trusted, [sender, driver], driver: false, routingFeeMsat: MiddlemanFeeMsat, crashAt);
        await world.ConnectedAsync();
        return world;
    }

    private static void Environment((string Process, string Point)? crashAt, string name, out Dictionary<string, string> environment) =>
        environment = crashAt is { } c && c.Process == name ? new Dictionary<string, string> { [Payments.CrashPoint.Variable] = c.Point } : [];

    private static string After(string line, string marker) => line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];

    private async Task<string> AddNodeAsync(string name, SettlerHttpClient settler, SettlerAdminClient settlerAdmin, Uri walletUri, JsonArray trusted,
        string[] peers, bool driver, long routingFeeMsat, (string Process, string Point)? crashAt)
    {
        var key = SecretKey.Generate();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await settler.RegisterAsync(key, now);
        if (driver) await settlerAdmin.GrantAsync(key.PublicKey, "driving_licence");
        var certificate = await settler.RequestCertificateAsync(key, now);
        await Admin.FundAsync(key.PublicKey.ToHex(), FundingMsat);
        Accounts[name] = key.PublicKey.ToHex();
        var data = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "node.key"), Convert.ToHexStringLower(key.Bytes));
        // Key files are owner-only; the node refuses one that others can read.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(data, "node.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(data, "node.cert"), Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(certificate)));
        var config = new JsonObject
        {
            ["dataDir"] = name,
            ["certificateFile"] = $"{name}/node.cert",
            ["listenPort"] = 0,
            ["controlPort"] = 0,
            ["peers"] = new JsonArray([.. peers.Select(p => (JsonNode)p)]),
            ["wallet"] = new JsonObject { ["url"] = walletUri.AbsoluteUri },
            ["trustedSettlers"] = trusted.DeepClone(),
            ["policy"] = new JsonObject { ["powLeadingZeroBits"] = 4, ["routingFeeMsat"] = routingFeeMsat, ["settlerPollMs"] = 200, ["fanout"] = 2 },
            ["sender"] = new JsonObject { ["autoAcceptBestOffer"] = false },
        };
        if (driver)
        {
            config["workSettler"] = trusted[0]!["uri"]!.GetValue<string>();
            config["work"] = new JsonObject { ["area"] = "r3gx", ["priceSats"] = PriceSats, ["contact"] = "driver: call 555-0100" };
        }
        var path = Path.Combine(Directory, name + ".json");
        File.WriteAllText(path, config.ToJsonString());
        _commands[name] = ["node", "--config", path];
        Environment(crashAt, name, out var environment);
        var process = ChildProcess.Start(name, environment, _commands[name]);
        _running[name] = process;
        var line = await process.LineAsync(l => l.StartsWith("node ", StringComparison.Ordinal) && l.Contains(" listening on ", StringComparison.Ordinal));
        ConnectControl(name, line);
        return Addresses[name] = After(line, " listening on ").Split(';')[0];
    }

    /// <summary>Registers, certifies, funds and starts one more node daemon (no work, no peers) once the world runs; returns its address.</summary>
    public async Task<string> AddNodeAsync(string name)
    {
        using var settlerAdmin = new SettlerAdminClient(SettlerUri, File.ReadAllText(SettlerTokenFile).Trim());
        using var settlerClient = new SettlerHttpClient(SettlerUri);
        var trusted = new JsonArray(new JsonObject { ["uri"] = SettlerUri.AbsoluteUri.TrimEnd('/'), ["publicKey"] = SettlerAccount });
        return await AddNodeAsync(name, settlerClient, settlerAdmin, WalletUri, trusted, [], driver: false, routingFeeMsat: 1_000, null);
    }

    private void ConnectControl(string name, string startLine)
    {
        var controlUri = new Uri(After(startLine, "control API ").Split(' ')[0]);
        var token = File.ReadAllText(Path.Combine(Directory, name, "control.token")).Trim();
        if (_controls.TryRemove(name, out var old)) old.Dispose();
        _controls[name] = new ControlClient(controlUri, token);
    }

    /// <summary>Waits until the middleman is connected to both ends of the line.</summary>
    public Task ConnectedAsync() => Bounded.UntilAsync(async () =>
    {
        try { return (await Control("middleman").InfoAsync()).Peers.Count == 2; }
        catch (ControlClientException) { return false; }
    }, "the middleman to connect to the sender and the driver");

    /// <summary>Starts a process again on the same config and data files (without any crash point).</summary>
    public async Task RestartAsync(string name)
    {
        await _running[name].DisposeAsync();
        var process = ChildProcess.Start(name, null, _commands[name]);
        _running[name] = process;
        if (name is "wallet" or "settler")
        {
            await process.LineAsync(l => l.Contains(" listening on ", StringComparison.Ordinal));
            return;
        }
        ConnectControl(name, await process.LineAsync(l => l.StartsWith("node ", StringComparison.Ordinal) && l.Contains(" listening on ", StringComparison.Ordinal)));
    }

    public async Task<long> BalanceAsync(string name) => await Admin.GetBalanceAsync(name == "settler" ? SettlerAccount : Accounts[name]);

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _running.Keys.Except(["settler", "wallet"]).Concat(["settler", "wallet"]))
            if (_running.TryGetValue(name, out var process))
            {
                await process.DisposeAsync();
                TestContext.Current.TestOutputHelper?.WriteLine($"== {name}\n{process.Output}");
            }
        foreach (var control in _controls.Values) control.Dispose();
        Admin.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
