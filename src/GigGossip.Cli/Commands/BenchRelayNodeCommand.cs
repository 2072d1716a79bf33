using System.CommandLine;
using GigGossip.Cli.Load;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip bench relay-node` (hidden): the relay `bench relay` measures, in its own process on one core, driven over
/// standard input and output by the benchmark (<see cref="RelayNodeProcess"/>). Not meant to be run by hand.
/// </summary>
public static class BenchRelayNodeCommand
{
    public static Command Build()
    {
        var command = new Command(RelayNodeCommands.Name, "The relay `bench relay` measures, in its own process (started by the benchmark)") { Hidden = true };
        command.SetAction((parse, cancellationToken) => RelayNodeCommands.ServeAsync(Console.In, parse.InvocationConfiguration.Output, CpuAffinity.TryPin([0]), cancellationToken));
        return command;
    }
}
