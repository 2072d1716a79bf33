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
        root.Add(Commands.KeysCommand.Build());
        root.Add(Commands.WalletCommand.Build());
        root.Add(Commands.SettlerCommand.Build());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
        return await parse.InvokeAsync();
    }
}
