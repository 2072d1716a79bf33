using System.CommandLine;
using System.Text.Json;
using GigGossip.Cli.Load;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip bench relay [--broadcasts N] [--window N] [--warmup N] [--crypto-rounds N] [--seconds N] [--json]`: one node daemon, in a
/// process of its own kept to one core, relays broadcasts over BOLT 8 on 127.0.0.1 from a driver peer to a sink peer (both
/// in this process, on the other cores), and the same run times the cryptography a relay cannot avoid per broadcast on
/// one thread. Prints broadcasts per second, the crypto limit
/// per second, their ratio (how close the relay runs to its crypto) and p50/p99 latency. Exit 0 when every broadcast
/// arrived, 1 otherwise, 2 for bad arguments.
/// </summary>
public static class BenchRelayCommand
{
    private const int MaxBroadcasts = 1_000_000;
    private const int MaxRounds = 1_000_000;
    private const double MaxSeconds = 3_600;

    public static Command Build()
    {
        var broadcasts = new Option<int>("--broadcasts") { Description = "Broadcasts the node relays (timed)", DefaultValueFactory = _ => 20_000 };
        var window = new Option<int>("--window") { Description = "Broadcasts the driver peer has in flight at once", DefaultValueFactory = _ => 32 };
        var warmup = new Option<int>("--warmup") { Description = "Broadcasts relayed before the clock starts (not counted; the runtime compiles the hot paths fully meanwhile)", DefaultValueFactory = _ => 5_000 };
        var rounds = new Option<int>("--crypto-rounds") { Description = "Rounds of each cryptographic check timed", DefaultValueFactory = _ => 2_000 };
        var seconds = new Option<double>("--seconds") { Description = "Time limit of the relaying; nothing new starts after it", DefaultValueFactory = _ => 300 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("relay", "How fast one node relays broadcasts over BOLT 8, against what its cryptography allows on one core")
        {
            broadcasts, window, warmup, rounds, seconds, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, parse.GetValue(broadcasts), parse.GetValue(window), parse.GetValue(warmup), parse.GetValue(rounds),
            parse.GetValue(seconds), parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, int broadcasts, int window, int warmup, int rounds, double seconds, bool json, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (broadcasts is < 1 or > MaxBroadcasts) return Fail(error, $"--broadcasts must be between 1 and {MaxBroadcasts}, got {broadcasts}");
        if (window is < 1 or > 1_024) return Fail(error, $"--window must be between 1 and 1024, got {window}");
        if (warmup is < 0 or > MaxBroadcasts) return Fail(error, $"--warmup must be between 0 and {MaxBroadcasts}, got {warmup}");
        if (rounds is < 1 or > MaxRounds) return Fail(error, $"--crypto-rounds must be between 1 and {MaxRounds}, got {rounds}");
        if (!(seconds is > 0 and <= MaxSeconds)) return Fail(error, $"--seconds must be more than 0 and at most {MaxSeconds}, got {seconds}");

        var crypto = RelayCryptoCost.Measure(rounds);
        var relay = await RelayLoad.RunAsync(broadcasts, Math.Min(window, broadcasts), TimeSpan.FromSeconds(seconds), ownCore: true, warmup, cancellationToken);
        var perSecond = relay.Received / Math.Max(relay.Wall.TotalSeconds, 1e-9);
        double? cpuUs = relay.RelayCpuSeconds is { } cpu && relay.Received > 0 ? cpu * 1e6 / relay.Received : null;
        var report = new RelayBenchReport(relay.Complete, relay.Broadcasts, relay.Received, relay.Window, Math.Round(perSecond, 1), Math.Round(crypto.LimitPerSecond, 1),
            Math.Round(perSecond / crypto.LimitPerSecond, 3), relay.Latency.P50Ms, relay.Latency.P99Ms, relay.Latency.MaxMs, relay.Errors + relay.Latency.Errors,
            relay.Wall.TotalSeconds, Environment.ProcessorCount, crypto, relay.PeakWorkingSetBytes, [.. relay.FirstErrors, .. relay.Latency.FirstErrors],
            relay.RelayOwnCore, relay.PeersPinned, cpuUs is null ? null : Math.Round(cpuUs.Value, 1), warmup,
            cpuUs is > 0 ? Math.Round(crypto.TotalUs / cpuUs.Value, 3) : null);
        if (json) output.WriteLine(JsonSerializer.Serialize(report, BenchJson.Options));
        else Print(output, report);
        return report.Ok ? 0 : 1;
    }

    private static void Print(TextWriter output, RelayBenchReport r)
    {
        var c = r.Crypto;
        output.WriteLine("| measure | value |");
        output.WriteLine("|---|---|");
        output.WriteLine($"| broadcasts relayed | {r.Received} of {r.Broadcasts} after {r.Warmup} untimed ({r.Window} in flight, {r.WallSeconds:F1} s, {r.Errors} errors) |");
        output.WriteLine($"| broadcasts per second | {r.BroadcastsPerSecond:F0} |");
        output.WriteLine($"| crypto limit per second | {r.CryptoLimitPerSecond:F0} (one core: {c.TotalUs:F1} us a broadcast) |");
        output.WriteLine($"| ratio | {r.Ratio:F3} |");
        output.WriteLine($"| latency p50 / p99 / max | {r.P50Ms:F1} / {r.P99Ms:F1} / {r.MaxMs:F1} ms |");
        output.WriteLine($"| relay's process | {(r.RelayOwnCore ? "its own, on CPU 0" : "shared with the driver")}; driver and sink {(r.PeersPinned ? "on the other CPUs" : "not pinned")} |");
        if (r.RelayCpuUsPerBroadcast is { } cpu) output.WriteLine($"| relay CPU per broadcast | {cpu:F1} us (CPU ratio {r.CpuRatio:F3}: the share of it the unavoidable crypto) |");
        output.WriteLine($"| request signature | {c.RequestSignatureUs:F1} us |");
        output.WriteLine($"| sender certificate | {c.CertificateUs:F1} us |");
        output.WriteLine($"| proof-of-work check | {c.ProofOfWorkUs:F1} us |");
        output.WriteLine($"| onion layer | {c.OnionLayerUs:F1} us |");
        output.WriteLine($"| peak working set | {r.PeakWorkingSetBytes / 1_048_576.0:F0} MiB on {r.Cores} cores |");
        foreach (var line in r.FirstErrors) output.WriteLine($"error: {line}");
        output.WriteLine(r.Ok ? "relay: ok" : "relay: FAILED");
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return 2;
    }
}

/// <summary>
/// What `bench relay` measured: the relay's throughput and latency, and what its cryptography allows. <see cref="Ratio"/> is
/// broadcasts per second over the crypto limit (the relay on its one core, as fast as the peers drive it);
/// <see cref="CpuRatio"/> is the crypto's microseconds over the relay process's CPU microseconds per broadcast (what the
/// ratio would be on a core of its own that nothing else used: the figure a loaded machine disturbs least).
/// </summary>
public sealed record RelayBenchReport(
    bool Ok, int Broadcasts, int Received, int Window, double BroadcastsPerSecond, double CryptoLimitPerSecond, double Ratio,
    double P50Ms, double P99Ms, double MaxMs, int Errors, double WallSeconds, int Cores, RelayCryptoReport Crypto, long PeakWorkingSetBytes,
    IReadOnlyList<string> FirstErrors, bool RelayOwnCore, bool PeersPinned, double? RelayCpuUsPerBroadcast, int Warmup, double? CpuRatio);
