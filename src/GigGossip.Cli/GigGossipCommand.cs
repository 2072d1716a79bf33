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
        root.Add(Commands.NodeCommand.Build(new Node.Config.NodeBackends(w => new Wallet.Client.WalletHttpClient(w.Url, w.AccountKey), uri => new Settler.Client.SettlerHttpClient(new Uri(uri), uri))));
        root.Add(Commands.RequestCommand.Build());
        root.Add(Commands.OffersCommand.Build());
        root.Add(Commands.AcceptCommand.Build());
        root.Add(Commands.JobReportCommand.Build(Protocol.Engine.JobOutcome.Done));
        root.Add(Commands.JobReportCommand.Build(Protocol.Engine.JobOutcome.Disputed));
        root.Add(Commands.WorkCommand.Build());
        root.Add(Commands.EventsCommand.Build());
        root.Add(Commands.WebCommand.Build());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
        return await parse.InvokeAsync();
    }
}
