using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

[assembly: AssemblyFixture(typeof(GigGossip.Settler.Tests.Support.PostgresFixture))]

namespace GigGossip.Settler.Tests.Support;

/// <summary>
/// A private PostgreSQL server for the tests: initdb in a temp dir (as the postgres user when running as root),
/// started on a free loopback port, stopped and deleted on dispose. <see cref="SkipReason"/> says why there is none.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private int _databases;

    private PostgresCluster(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public static string? SkipReason { get; private set; }

    /// <summary>Starts a cluster, or returns null (and sets <see cref="SkipReason"/>) when PostgreSQL is not installed.</summary>
    public static PostgresCluster? TryStart()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            SkipReason = "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb); .ci/setup.d/postgres.sh installs them";
            return null;
        }
        var root = Environment.UserName == "root";
        var dir = Path.Combine(Path.GetTempPath(), "gg-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        if (root && !Run("id", "postgres", check: false))
        {
            SkipReason = "running as root and there is no postgres user to run the PostgreSQL server as";
            return null;
        }
        if (root) Run("chown", "postgres", dir);
        var port = FreePort();
        Run(bin, root, "initdb", "-D", Path.Combine(dir, "data"), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8");
        Run(bin, root, "pg_ctl", "-D", Path.Combine(dir, "data"), "-w", "-l", Path.Combine(dir, "log"), "-o", $"-k {dir} -h 127.0.0.1 -p {port} -F", "start");
        return new PostgresCluster(bin, dir, port);
    }

    /// <summary>A new empty database, as a postgres:// URI.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"settler_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return $"postgres://postgres@127.0.0.1:{Port}/{name}";
    }

    public ValueTask DisposeAsync()
    {
        Run(_bin, Environment.UserName == "root", "pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static void Run(string bin, bool asPostgres, string tool, params string[] args)
    {
        var path = Path.Combine(bin, tool);
        if (asPostgres) Run("runuser", ["-u", "postgres", "--", path, .. args]);
        else Run(path, args);
    }

    private static void Run(string file, params string[] args) => Run(file, args, check: true);

    private static bool Run(string file, string arg, bool check) => Run(file, [arg], check);

    private static bool Run(string file, string[] args, bool check)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && check) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error} {output.Result}");
        return process.ExitCode == 0;
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

/// <summary>One cluster for the whole test assembly (an xunit assembly fixture), started on first use, stopped at the end.</summary>
public sealed class PostgresFixture : IAsyncDisposable
{
    private readonly Lazy<PostgresCluster?> _cluster = new(PostgresCluster.TryStart);

    /// <summary>A fresh database URI, or skips the test with the reason PostgreSQL is missing.</summary>
    public async Task<string> DatabaseAsync()
    {
        var cluster = _cluster.Value;
        Assert.SkipWhen(cluster is null, PostgresCluster.SkipReason ?? "no PostgreSQL");
        return await cluster!.CreateDatabaseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster.IsValueCreated && _cluster.Value is { } cluster) await cluster.DisposeAsync();
    }
}
