using System.CommandLine;
using GigGossip.Cli.Tests.Walkthrough;

namespace GigGossip.Cli.Tests;

/// <summary>docs/operator/exit-codes.md names every command the CLI has, so a new command cannot ship without its exit codes.</summary>
public sealed class ExitCodeDocsTests
{
    private static IEnumerable<string> Runnable(Command command, string path)
    {
        if (command.Action is not null && path.Length > 0) yield return path;
        foreach (var sub in command.Subcommands)
            foreach (var inner in Runnable(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}")) yield return inner;
    }

    [Fact]
    public void Every_command_has_a_row_in_the_exit_code_table()
    {
        var docs = File.ReadAllText(Path.Combine(Path.GetDirectoryName(ReadmeBlock.Path())!, "docs", "operator", "exit-codes.md"));
        var rows = docs.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        var commands = Runnable(GigGossipCommand.Build(), "").ToList();

        Assert.Contains("settler disputes decide", commands);
        Assert.Contains("work pickup", commands);
        Assert.All(commands, c => Assert.True(rows.Any(r => r.Split('|')[1].Contains($"`{c}`", StringComparison.Ordinal)), $"`{c}` has no row in docs/operator/exit-codes.md"));
    }
}
