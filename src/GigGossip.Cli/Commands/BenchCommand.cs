using System.CommandLine;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip bench`: measurements of this machine's hot paths, one subcommand each.</summary>
public static class BenchCommand
{
    public static Command Build()
    {
        var bench = new Command("bench", "Measure how fast this machine runs the protocol's hot paths");
        bench.Subcommands.Add(BenchPowCommand.Build());
        bench.Subcommands.Add(BenchLoadCommand.Build());
        bench.Subcommands.Add(BenchRelayCommand.Build());
        bench.Subcommands.Add(BenchRelayNodeCommand.Build());
        return bench;
    }
}
