using System.CommandLine;
using System.Diagnostics;
using System.Runtime;
using System.Text.Json;
using GigGossip.Protocol.Crypto;
using GigGossip.Simulation;
using GigGossip.Simulation.Metrics;
using GigGossip.Simulation.Reports;
using GigGossip.Simulation.Scenarios;
using Spectre.Console;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip simulate --nodes N --topology T --requests R --attack NAME --fraction F --seed S --out DIR [--json]
/// [--sweep key=v1,v2 ...]`: the real engines on a discrete-event network in virtual time, under one of the
/// whitepaper's attacks, with a report (Markdown, PNG plots, CSV) in DIR.
/// </summary>
public static class SimulateCommand
{
    /// <summary>From this many nodes on, proofs of work are modelled and signature checks memoised unless said otherwise.</summary>
    public const int LargeRun = 20_000;

    public static Command Build()
    {
        var nodes = new Option<int>("--nodes") { Description = "Nodes in the network (10-1000000)", DefaultValueFactory = _ => 1_000 };
        var topology = new Option<string>("--topology") { Description = "random-regular, small-world, scale-free, torus or random", DefaultValueFactory = _ => "random-regular" };
        var degree = new Option<int>("--degree") { Description = "Peers per node", DefaultValueFactory = _ => 8 };
        var requests = new Option<int>("--requests") { Description = "Honest ride requests, one a second", DefaultValueFactory = _ => 10 };
        var attack = new Option<string>("--attack") { Description = "none, spam, ddos, silent, chatterbox, sybil, eclipse, censorship or covert-flash", DefaultValueFactory = _ => "none" };
        var fraction = new Option<double>("--fraction") { Description = "Attackers' share of the identities (eclipse: of each worker's links)" };
        var seed = new Option<int>("--seed") { Description = "Seed of everything in the run", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string?>("--out") { Description = "Folder for report.md, the PNG plots and the CSV files" };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object" };
        var sweep = new Option<string[]>("--sweep") { Description = "Run every combination: key=v1,v2 ... (attack, fraction, multibroadcast, fanout, pow-bits, nodes, topology, seed)", AllowMultipleArgumentsPerToken = true };
        var fanout = new Option<int>("--fanout") { Description = "Peers each node forwards a broadcast to", DefaultValueFactory = _ => 3 };
        var multibroadcast = new Option<int>("--multibroadcast") { Description = "Times a node broadcasts the same request", DefaultValueFactory = _ => 1 };
        var powBits = new Option<int>("--pow-bits") { Description = "Leading zero bits of proof of work every middleman asks for", DefaultValueFactory = _ => 12 };
        var settlers = new Option<int>("--settlers") { Description = "Payment settlers", DefaultValueFactory = _ => 2 };
        var workers = new Option<int?>("--workers") { Description = "Taxi drivers (default: 1% of the nodes, 5-100)" };
        var churn = new Option<double>("--churn") { Description = "Share of nodes going offline and back (mean 20 s online, 5 s offline)" };
        var mixedTopics = new Option<bool>("--mixed-topics") { Description = "Half the workers are couriers and every other request a parcel delivery" };
        var frameCost = new Option<long>("--frame-cost-us") { Description = "Microseconds a node spends reading one frame (frames queue on a busy node)" };
        var fast = new Option<string>("--fast") { Description = "auto (on from 20,000 nodes), on or off: model proof-of-work time and onion layers, copy frames instead of decoding them twice, and verify each distinct signature once", DefaultValueFactory = _ => "auto" };
        fast.AcceptOnlyFromAmong("auto", "on", "off");
        var discovery = new Option<string>("--discovery") { Description = "on: nodes bootstrap and keep their links with the peer manager (dynamic topology); off: a fixed topology", DefaultValueFactory = _ => "off" };
        discovery.AcceptOnlyFromAmong("on", "off");
        var sybilRatio = new Option<double>("--sybil-ratio") { Description = "Sybils per honest node, dialling honest nodes as the caps allow (needs --discovery on; sybil, covert-flash or censorship)" };
        var sybilGroups = new Option<int>("--sybil-groups") { Description = "The /16 networks the Sybils' addresses come from", DefaultValueFactory = _ => 32 };
        var scoring = new Option<string>("--scoring") { Description = "on: peer scores choose forwarding targets and drive pruning; off: random peers", DefaultValueFactory = _ => "off" };
        scoring.AcceptOnlyFromAmong("on", "off");
        var requestInterval = new Option<long>("--request-interval-ms") { Description = "Virtual time between two honest requests", DefaultValueFactory = _ => 1_000 };
        var powPricing = new Option<string>("--pow-pricing") { Description = "With --scoring on: on prices each peer's proof of work by its recent asks and score; off: --pow-bits for everyone", DefaultValueFactory = _ => "off" };
        powPricing.AcceptOnlyFromAmong("on", "off");
        var stampBits = new Option<int>("--stamp-bits") { Description = "Leading zero bits of the sender's stamp every node requires and puts on its own requests (0: no stamp)" };
        var maxInbound = new Option<int?>("--max-inbound") { Description = "With --discovery on: inbound connections an honest node takes (default: 8 x degree)" };
        var warmup = new Option<long>("--warmup-ms") { Description = "With --discovery on: virtual time before the first request", DefaultValueFactory = _ => 180_000 };
        var command = new Command("simulate", "Run the protocol's real engines on a simulated network under an attack and write a report")
        {
            nodes, topology, degree, requests, attack, fraction, seed, outDir, json, sweep, fanout, multibroadcast, powBits, settlers, workers, churn,
            mixedTopics, frameCost, fast, discovery, sybilRatio, sybilGroups, scoring, powPricing, warmup, maxInbound, requestInterval, stampBits,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            SimulationOptions options;
            IReadOnlyList<SimulationOptions> runs;
            string? axis = null;
            try
            {
                var n = parse.GetValue(nodes);
                var isFast = parse.GetValue(fast) switch { "on" => true, "off" => false, _ => n >= LargeRun };
                options = new SimulationOptions
                {
                    Nodes = n,
                    Topology = Sweep.ParseTopology(parse.GetValue(topology)!),
                    Degree = parse.GetValue(degree),
                    Requests = parse.GetValue(requests),
                    Attack = Sweep.ParseAttack(parse.GetValue(attack)!),
                    Fraction = parse.GetValue(fraction),
                    Seed = parse.GetValue(seed),
                    Fanout = parse.GetValue(fanout),
                    Multibroadcast = parse.GetValue(multibroadcast),
                    PowBits = parse.GetValue(powBits),
                    Settlers = parse.GetValue(settlers),
                    Workers = parse.GetValue(workers),
                    Churn = parse.GetValue(churn) is var share and > 0 ? new ChurnModel(share, 20_000, 5_000) : ChurnModel.None,
                    MixedTopics = parse.GetValue(mixedTopics),
                    FrameCostUs = parse.GetValue(frameCost),
                    ModelPow = isFast,
                    ModelOnions = isFast,
                    CopyFrames = isFast,
                    VerifyCache = isFast,
                    Discovery = parse.GetValue(discovery) == "on",
                    SybilRatio = parse.GetValue(sybilRatio),
                    SybilGroups = parse.GetValue(sybilGroups),
                    Scoring = parse.GetValue(scoring) == "on",
                    WarmupMs = parse.GetValue(warmup),
                    MaxInbound = parse.GetValue(maxInbound),
                    PowPricing = parse.GetValue(powPricing) == "on",
                    StampBits = parse.GetValue(stampBits),
                    RequestIntervalMs = parse.GetValue(requestInterval),
                };
                if (parse.GetValue(churn) is < 0 or > 1) return Task.FromResult(CliErrors.Fail(parse, $"--churn must be between 0 and 1, got {parse.GetValue(churn)}"));
                var terms = parse.GetValue(sweep) ?? [];
                runs = terms.Length == 0 ? [options] : Sweep.Expand(options, terms, out axis);
                if (terms.Length > 0 && axis is null) return Task.FromResult(CliErrors.Fail(parse, "--sweep needs one key with several values, e.g. fraction=0,0.1,0.2"));
                if (runs.Select(r => r.Problem()).FirstOrDefault(p => p is not null) is { } problem) return Task.FromResult(CliErrors.Fail(parse, problem));
            }
            catch (FormatException e)
            {
                return Task.FromResult(CliErrors.Fail(parse, e.Message));
            }
            return Task.FromResult(Run(parse, runs, axis, parse.GetValue(outDir), parse.GetValue(json), cancellationToken));
        });
        return command;
    }

    private static int Run(ParseResult parse, IReadOnlyList<SimulationOptions> runs, string? axis, string? outDir, bool json, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        // A run is one batch job: no background collections. With them the heap grew while the collector marked (a 30,000-node
        // run peaked at 1,121 MiB instead of 778 MiB) and the collector's thread cost a third more CPU (docs/simulation/speed.md).
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        if (runs.Any(r => r.VerifyCache) && Secp256k1.Current is not VerificationMemo) Secp256k1.Install(inner => new VerificationMemo(inner));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Error) });
        var points = new List<SweepPoint>();
        IReadOnlyList<RequestRecord> lastRequests = [];
        var clock = Stopwatch.StartNew();
        foreach (var (options, index) in runs.Select((r, i) => (r, i)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var run = new SimulationRun(options);
            var label = $"run {index + 1}/{runs.Count}: {options.Nodes:N0} nodes, {Sweep.Name(options.Attack)} {options.Fraction:P0}";
            SimulationSummary summary = null!;
            if (json) summary = run.Run();
            else
                console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).Start(ctx =>
                {
                    var task = ctx.AddTask(label, maxValue: 1);
                    summary = run.Run(done => task.Value = done);
                });
            points.Add(new SweepPoint(options, summary));
            lastRequests = run.RequestRecords;
        }
        var machine = $"Wall time {clock.Elapsed.TotalSeconds:F1} s, peak memory {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB, " +
            $"{points.Sum(p => p.Summary.Events) / clock.Elapsed.TotalSeconds:N0} events/s on {Environment.ProcessorCount} cores; secp256k1 {Secp256k1.Current.Name}; " +
            $"young generation {SimulatorProcess.CurrentBudget()}, conserve memory {SimulatorProcess.CurrentConserveMemory()}.";
        if (outDir is not null)
        {
            if (axis is null) ReportWriter.WriteRun(outDir, points[0].Summary, lastRequests, machine);
            else ReportWriter.WriteSweep(outDir, points, axis, machine);
        }
        if (json)
            output.WriteLine(axis is null ? JsonSerializer.Serialize(points[0].Summary, JsonOptions) : JsonSerializer.Serialize(new { sweep = axis, runs = points.Select(p => p.Summary) }, JsonOptions));
        else
        {
            foreach (var p in points) Render(console, p.Summary);
            console.MarkupLineInterpolated($"[grey]{machine}[/]");
            if (outDir is not null) console.MarkupLineInterpolated($"Report written to [bold]{Path.Combine(outDir, "report.md")}[/]");
        }
        return points.All(p => p.Summary.MoneyConserved) ? 0 : 1;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static void Render(IAnsiConsole console, SimulationSummary s)
    {
        var table = new Table().Title($"{s.Nodes:N0} nodes, {s.Topology}, {s.Attack} {s.Fraction:P0}").AddColumns("measure", "value");
        foreach (var (name, value) in ReportWriter.Columns) table.AddRow(name, value(s)?.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        console.Write(table);
    }
}
