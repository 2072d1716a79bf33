using System.CommandLine;
using GigGossip.Cli;

namespace GigGossip.Web.Tests;

/// <summary>Runs the `giggossip` command in process and captures what it prints.</summary>
internal static class Cli
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await GigGossipCommand.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
