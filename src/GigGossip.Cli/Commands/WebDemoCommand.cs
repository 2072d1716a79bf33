using System.CommandLine;
using GigGossip.Cli.Demo;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip demo --web`: the demo network kept running for people with browsers. Prints a rider link, a driver link
/// (the driver goes online from the app) and the settler console link, each good once; Ctrl-C stops everything.
/// </summary>
internal static class WebDemoCommand
{
    public static async Task<int> RunAsync(ParseResult parse, int nodes, int drivers, int seed, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        if (nodes is < 3 or > 200) return CliErrors.Fail(parse, $"--nodes must be between 3 and 200, got {nodes}");
        if (drivers < 1 || drivers > nodes - 2) return CliErrors.Fail(parse, $"--drivers must be between 1 and {nodes - 2} with --web, got {drivers}");
        await output.WriteLineAsync($"starting {nodes} nodes, a wallet and a settler on 127.0.0.1...");
        WebDemoNetwork network;
        try
        {
            network = await WebDemoNetwork.StartAsync(nodes, drivers - 1, seed, cancellationToken);
        }
        catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        await using (network)
        {
            await output.WriteLineAsync("each link signs one browser in once (open them in different browsers or profiles, or all in one):");
            await output.WriteLineAsync($"  rider:   {WebDemoNetwork.LinkFor(network.Rider)}");
            await output.WriteLineAsync($"  driver:  {WebDemoNetwork.LinkFor(network.Driver, driver: true)}");
            await output.WriteLineAsync($"  settler: {network.ConsoleLink()}");
            await output.WriteLineAsync($"the driver goes online in {WebDemoNetwork.Area} from the app; {drivers - 1} other driver(s) answer on their own. Ctrl-C stops.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            var (balanced, held, total) = await network.CheckLedgerAsync(CancellationToken.None);
            await output.WriteLineAsync($"stopping; ledger {(balanced ? "balanced" : "NOT balanced")}, {held} msat held, {total} msat in total ({network.TotalMsatAtStart} at start)");
        }
        return 0;
    }
}
