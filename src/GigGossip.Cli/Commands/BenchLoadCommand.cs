using System.CommandLine;
using System.Text.Json;
using GigGossip.Cli.Load;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip bench load [--requests N] [--concurrency N] [--broadcasts N] [--window N] [--seconds N] [--json]`: a bounded
/// load test on 127.0.0.1 only. A wallet and a settler service on free ports take N HODL payments and N certificate
/// issuances (at most --concurrency in flight), then one node daemon relays --broadcasts broadcasts over BOLT 8 from a
/// driver peer to a sink peer. Prints requests per second, p50/p99 latency, errors and peak memory; exit 0 only when
/// every request and broadcast succeeded and the ledger balances, 1 otherwise.
/// </summary>
public static class BenchLoadCommand
{
    private const int MaxRequests = 100_000;
    private const int MaxBroadcasts = 1_000_000;
    private const double MaxSeconds = 3_600;

    public static Command Build()
    {
        var requests = new Option<int>("--requests") { Description = "Payments on the wallet and certificates from the settler (each)", DefaultValueFactory = _ => 1_000 };
        var concurrency = new Option<int?>("--concurrency") { Description = "How many of each are in flight at once (default: all of them)" };
        var broadcasts = new Option<int>("--broadcasts") { Description = "Broadcasts the node relays (0 to skip)", DefaultValueFactory = _ => 10_000 };
        var window = new Option<int>("--window") { Description = "Broadcasts the driver peer has in flight at once", DefaultValueFactory = _ => 8 };
        var seconds = new Option<double>("--seconds") { Description = "Time limit of each part; nothing new starts after it", DefaultValueFactory = _ => 300 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("load", "Bounded load on 127.0.0.1: the wallet and settler services, and a node relaying broadcasts")
        {
            requests, concurrency, broadcasts, window, seconds, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, parse.GetValue(requests), parse.GetValue(concurrency), parse.GetValue(broadcasts),
            parse.GetValue(window), parse.GetValue(seconds), parse.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, int requests, int? concurrency, int broadcasts, int window, double seconds, bool json, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (requests is < 1 or > MaxRequests) return Fail(error, $"--requests must be between 1 and {MaxRequests}, got {requests}");
        var inFlight = concurrency ?? requests;
        if (inFlight < 1 || inFlight > requests) return Fail(error, $"--concurrency must be between 1 and --requests ({requests}), got {inFlight}");
        if (broadcasts is < 0 or > MaxBroadcasts) return Fail(error, $"--broadcasts must be between 0 and {MaxBroadcasts}, got {broadcasts}");
        if (window is < 1 or > 1_024) return Fail(error, $"--window must be between 1 and 1024, got {window}");
        if (!(seconds is > 0 and <= MaxSeconds)) return Fail(error, $"--seconds must be more than 0 and at most {MaxSeconds}, got {seconds}");
        var limit = TimeSpan.FromSeconds(seconds);

        var services = await ServiceLoad.RunAsync(requests, inFlight, limit, cancellationToken);
        var relay = broadcasts > 0 ? await RelayLoad.RunAsync(broadcasts, Math.Min(window, broadcasts), limit, ownCore: false, warmup: 0, cancellationToken) : null;
        var ok = services.Complete && (relay?.Complete ?? true);
        if (json) output.WriteLine(JsonSerializer.Serialize(new { ok, services, relay }, BenchJson.Options));
        else Print(output, services, relay, ok);
        return ok ? 0 : 1;
    }

    private static void Print(TextWriter output, ServiceLoadReport services, RelayLoadReport? relay, bool ok)
    {
        output.WriteLine($"services: {services.Requests} payments and {services.Requests} certificates, {services.Concurrency} in flight, {services.Wall.TotalSeconds:F1} s; ledger {(services.LedgerBalanced ? "balanced" : "NOT balanced")}");
        Line(output, services.Wallet, "HTTP calls");
        Line(output, services.Settler, "HTTP calls");
        if (relay is not null)
        {
            output.WriteLine($"relay: {relay.Received} of {relay.Broadcasts} broadcasts reached the sink ({relay.Sent} sent, {relay.Window} in flight) in {relay.Wall.TotalSeconds:F1} s, {relay.Errors} errors");
            Line(output, relay.Latency, "broadcasts");
            output.WriteLine($"  relay memory: {relay.RememberedPayloads} payload ids, {relay.RememberedProofs} spent proofs, {relay.OpenConditions} open conditions, {relay.OpenAsks} open asks; managed heap {relay.ManagedHeapBytes / 1_048_576.0:F0} MiB");
        }
        output.WriteLine($"peak working set: {Math.Max(services.PeakWorkingSetBytes, relay?.PeakWorkingSetBytes ?? 0) / 1_048_576.0:F0} MiB");
        foreach (var line in services.Wallet.FirstErrors.Concat(services.Settler.FirstErrors).Concat(relay?.FirstErrors ?? []).Concat(relay?.Latency.FirstErrors ?? []))
            output.WriteLine($"  error: {line}");
        output.WriteLine(ok ? "load: ok" : "load: FAILED");
    }

    private static void Line(TextWriter output, LatencySummary s, string what) =>
        output.WriteLine($"  {s.Name}: {s.Succeeded} {what}, {s.PerSecond:F0}/s, p50 {s.P50Ms:F1} ms, p99 {s.P99Ms:F1} ms, max {s.MaxMs:F1} ms, {s.Errors} errors");

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return 2;
    }
}
