using System.CommandLine;

namespace GigGossip.Cli;

/// <summary>The root of the `giggossip` command: each subcommand lives in its own file.</summary>
public static class GigGossipCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Gig-gossip: a peer-to-peer gig economy protocol node, settler, wallet and tools");
        root.Subcommands.Add(Commands.BenchCommand.Build());
        root.Add(Commands.HtlcCommand.Build());
        root.Add(Commands.DemoCommand.Build());
        root.Add(Commands.SimulateCommand.Build());
        root.Add(Commands.KeysCommand.Build());
        root.Add(Commands.WalletCommand.Build());
        root.Add(Commands.SettlerCommand.Build());
        root.Add(Commands.NodeCommand.Build(new Node.Config.NodeBackends(Config.NodeWallets.Open, uri => new Settler.Client.SettlerHttpClient(new Uri(uri), uri))));
        root.Add(Commands.RequestCommand.Build());
        root.Add(Commands.OffersCommand.Build());
        root.Add(Commands.AcceptCommand.Build());
        root.Add(Commands.JobReportCommand.Build(Protocol.Engine.JobOutcome.Done));
        root.Add(Commands.JobReportCommand.Build(Protocol.Engine.JobOutcome.Disputed));
        root.Add(Commands.WorkCommand.Build());
        root.Add(Commands.EventsCommand.Build());
        root.Add(Commands.ReadCommands.GetInfo());
        root.Add(Commands.ReadCommands.Balance());
        root.Add(Commands.ReadCommands.Peers());
        root.Add(Commands.ReadCommands.Jobs());
        root.Add(Commands.CertificateCommand.Build());
        root.Add(Commands.WebCommand.Build());
        ParseErrors.Install(root);
        return root;
    }

    public static Task<int> RunAsync(string[] args) => InvokeAsync(args, new InvocationConfiguration());

    /// <summary>Parses and runs; a command line that does not parse is one line `error: ...` on stderr and exit 2.</summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
        {
            await configuration.Error.WriteLineAsync($"error: {parse.Errors[0].Message.ReplaceLineEndings(" ")} (see --help)");
            return CliErrors.UsageExitCode;
        }
        return await parse.InvokeAsync(configuration, cancellationToken);
    }
}
