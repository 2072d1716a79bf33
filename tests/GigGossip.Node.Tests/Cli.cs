using System.CommandLine;
using GigGossip.Cli;

namespace GigGossip.Node.Tests;

/// <summary>Runs the `giggossip` command in process and captures what it prints.</summary>
internal static class Cli
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(GigGossipCommand.Build(), args);

    public static async Task<CliResult> RunAsync(Command root, string[] args, LineWriter? output = null, CancellationToken? cancellationToken = null)
    {
        output ??= new LineWriter();
        var error = new LineWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken ?? TestContext.Current.CancellationToken);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int Exit, string Output, string Error)
{
    /// <summary>The single line of an error, checked to be one line starting with "error: ".</summary>
    public string ErrorLine
    {
        get
        {
            var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith("error: ", lines[0]);
            return lines[0].TrimEnd('\r');
        }
    }
}

/// <summary>A text writer whose lines a test can wait for.</summary>
internal sealed class LineWriter : StringWriter
{
    public AsyncLog<string> Lines { get; } = new();

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        Lines.Add(value ?? "");
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }
}
