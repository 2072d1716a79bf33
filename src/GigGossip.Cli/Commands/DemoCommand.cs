using System.CommandLine;
using System.Text.Json;
using GigGossip.Simulation.Demo;
using Spectre.Console;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip demo [--nodes N] [--drivers N] [--seed S] [--json] [--in-memory] [--wallet ledger|htlc]`: the whole ride, from a
/// rider's request in Sydney to every hop paid, over real TCP and HTTP on 127.0.0.1 (or on the in-memory
/// simulator), with a table of offers, the paid route and the final balances.
/// Exit code 0 only when the ride completed and the ledger balances.
/// </summary>
public static class DemoCommand
{
    public static Command Build()
    {
        var nodes = new Option<int>("--nodes") { Description = "Nodes in the network (3-200)", DefaultValueFactory = _ => 20 };
        var drivers = new Option<int>("--drivers") { Description = "How many of them are taxi drivers", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed of the network, the drivers' prices and fees", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables" };
        var inMemory = new Option<bool>("--in-memory") { Description = "Run on the in-memory simulator in virtual time instead of real TCP and HTTP" };
        var settlerDb = new Option<string?>("--settler-db") { Description = "The settler's database: postgres://user:password@host:port/database (default: a temp SQLite file)" };
        var web = new Option<bool>("--web") { Description = "Keep the network running for browsers: print a rider link, a driver link and the settler console link (Ctrl-C stops)" };
        var wallet = new Option<string>("--wallet")
        {
            Description = "What pays: \"ledger\" (the wallet service, default) or \"htlc\" (on-chain HTLC wallets on the project's regtest-like bitcoind)",
            DefaultValueFactory = _ => "ledger",
        };
        var command = new Command("demo", "Run a ride end to end on a fresh network and show who earned what") { nodes, drivers, seed, json, inMemory, settlerDb, web, wallet };
        command.SetAction((parse, cancellationToken) =>
        {
            var kind = parse.GetValue(wallet);
            if (kind is not ("ledger" or "htlc")) return Task.FromResult(CliErrors.Fail(parse, $"--wallet must be \"ledger\" or \"htlc\", got \"{kind}\""));
            var onChain = kind == "htlc";
            if (onChain && (parse.GetValue(web) || parse.GetValue(inMemory)))
                return Task.FromResult(CliErrors.Fail(parse, "--wallet htlc runs over real TCP and HTTP: it does not go with --web or --in-memory"));
            return parse.GetValue(web)
                ? WebDemoCommand.RunAsync(parse, parse.GetValue(nodes), parse.GetValue(drivers), parse.GetValue(seed), cancellationToken)
                : RunAsync(parse, parse.GetValue(nodes), parse.GetValue(drivers), parse.GetValue(seed),
                    parse.GetValue(json), parse.GetValue(inMemory), parse.GetValue(settlerDb), onChain, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, int nodes, int drivers, int seed, bool json, bool inMemory, string? settlerDb, bool onChain,
        CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        if (nodes is < 3 or > 200) return CliErrors.Fail(parse, $"--nodes must be between 3 and 200, got {nodes}");
        if (drivers < 1 || drivers >= nodes) return CliErrors.Fail(parse, $"--drivers must be between 1 and {nodes - 1}, got {drivers}");
        if (settlerDb is not null && (inMemory || !settlerDb.StartsWith("postgres://", StringComparison.Ordinal)))
            return CliErrors.Fail(parse, "--settler-db takes a postgres://user:password@host:port/database URI and does not go with --in-memory");

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!json)
            console.Write(new Rule($"[bold]Gig-gossip demo[/]: {nodes} nodes, {drivers} taxi drivers, seed {seed}, {(inMemory ? "in memory, virtual time" : "real TCP and HTTP on 127.0.0.1")}{(onChain ? ", paid on chain" : "")}").LeftJustified());
        void Show(DemoPhase phase)
        {
            if (!json) console.MarkupLineInterpolated($"[grey]{phase.AtMs,7} ms[/]  {phase.Name}");
        }
        DemoReport report;
        try
        {
            report = inMemory
                ? InMemoryRideDemo.Run(nodes, drivers, seed, Show)
                : await Demo.NetworkRideDemo.RunAsync(nodes, drivers, seed, Show, cancellationToken, settlerDb, onChain);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            parse.InvocationConfiguration.Error.WriteLine("error: the ride did not complete within the demo's time limit");
            return 1;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or IOException or Payments.WalletException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        if (json) output.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
        else Render(console, report);
        return report.Completed && report.LedgerBalanced ? 0 : 1;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    private static void Render(IAnsiConsole console, DemoReport report)
    {
        var offers = new Table().Title("Offers").AddColumns("driver", "price (sat)", "network fee (sat)", "");
        foreach (var offer in report.Offers)
            offers.AddRow(offer.Driver, Sats(offer.PriceMsat), Sats(offer.NetworkFeeMsat), offer.Chosen ? "[green]chosen[/]" : "");
        console.Write(offers);

        var route = new Table().Title("Paid route, rider outwards").AddColumns("hop", "role", "fee (sat)");
        foreach (var hop in report.Route) route.AddRow(hop.Node, hop.Role, Sats(hop.FeeMsat));
        console.Write(route);

        var balances = new Table().Title("Who earned what").AddColumns("participant", "role", "earned (sat)");
        foreach (var balance in report.Balances) balances.AddRow(balance.Name, balance.Role, Sats(balance.EarnedMsat));
        console.Write(balances);

        if (report.Contact is not null) console.MarkupLineInterpolated($"Contact revealed to the rider: [bold]{report.Contact}[/]");
        if (report.PickupCode is not null) console.MarkupLineInterpolated($"Pickup code the rider tells the driver: [bold]{report.PickupCode}[/]");
        if (report.JobState is not null) console.MarkupLineInterpolated($"Job at the settler: [bold]{report.JobState}[/]");
        console.MarkupLine(report.LedgerBalanced
            ? $"[green]Ledger balanced[/]: {Sats(report.TotalMsatBefore)} sat before and after, nothing held."
            : $"[red]Ledger NOT balanced[/]: {Sats(report.TotalMsatBefore)} sat before, {Sats(report.TotalMsatAfter)} after.");
        if (!report.Completed) console.MarkupLine("[red]The ride did not complete.[/]");
    }

    private static string Sats(long msat) => (msat / 1000.0).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture);
}
