using System.Collections.Concurrent;
using System.CommandLine;
using GigGossip.Node.Config;
using GigGossip.Node.Hosting;
using GigGossip.Payments;
using GigGossip.Protocol.Settlement;
using Microsoft.Extensions.Logging;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip node --config FILE`: runs a node until interrupted. A config that cannot be used is one line
/// naming the field (exit 2); a wallet or settler that does not answer at start is one line (exit 1).
/// </summary>
public static class NodeCommand
{
    public const int BadConfig = 2;
    public const int CannotStart = 1;

    /// <param name="backends">The wallet and settler clients; null in a build without them (the node then refuses to start).</param>
    public static Command Build(NodeBackends? backends)
    {
        var config = new Option<string>("--config") { Description = "The node's config file (JSON)", Required = true };
        var verbose = new Option<bool>("--verbose") { Description = "Log every event, not only warnings and the start line" };
        var command = new Command("node", "Run a Gig-gossip node: peers over TCP, HODL invoices on its wallet, settlers, a local control API") { config, verbose };
        command.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(config)!, parse.GetValue(verbose), backends, ct));
        return command;
    }

    private static IHodlWallet OpenWallet(NodeBackends backends, WalletConfig wallet)
    {
        try
        {
            return backends.Wallet(wallet);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new NodeStartException($"no wallet client for {wallet.Url}: {e.Message}", e);
        }
    }

    private static async Task<int> RunAsync(ParseResult parse, string path, bool verbose, NodeBackends? backends, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        NodeConfig config;
        Protocol.Engine.NodeIdentity identity;
        WalletConfig walletConfig;
        try
        {
            config = NodeConfig.Load(path);
            identity = config.LoadIdentity();
            walletConfig = config.LoadWallet();
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return BadConfig;
        }
        if (backends is null)
        {
            await error.WriteLineAsync("error: this build of giggossip has no client for the wallet and settler services; run the node in process (giggossip demo)");
            return CannotStart;
        }
        using var logging = LoggerFactory.Create(builder => builder
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning));
        var settlers = new ConcurrentDictionary<string, ISettlerApi>();
        IHodlWallet? wallet = null;
        try
        {
            wallet = OpenWallet(backends, walletConfig);
            var (pinnedConfig, pinned) = await SettlerPins.ResolveAsync(config, uri => settlers.GetOrAdd(uri, backends.Settler), cancellationToken);
            config = pinnedConfig;
            foreach (var line in pinned) await output.WriteLineAsync(line);
            var options = Config.LndRoutes.Apply(config.ToHostOptions(identity, wallet, uri => settlers.GetOrAdd(uri, backends.Settler), logging), walletConfig);
            await using var host = await NodeHost.StartAsync(options, cancellationToken);
            await output.WriteLineAsync($"node {host.Id} listening on {host.AddressText}; control API {host.ControlUri} (token in {config.TokenFile})");
            await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            return 0;
        }
        catch (NodeStartException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return CannotStart;
        }
        finally
        {
            foreach (var settler in settlers.Values) (settler as IDisposable)?.Dispose();
            (wallet as IDisposable)?.Dispose();
        }
    }
}
