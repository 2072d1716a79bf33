using System.Text.Json;
using GigGossip.Cli.Load;

namespace GigGossip.Cli.Tests;

/// <summary>
/// The relay `bench relay` drives in a child process answers each command line with one JSON line: a line it does not
/// understand gets an error naming the commands, a bad key an error, and it keeps serving (and exits 0) after both.
/// </summary>
public class RelayNodeCommandsTests
{
    [Fact]
    public async Task Bad_command_lines_get_errors_and_the_relay_keeps_answering()
    {
        var input = new StringReader("launch-missiles\nawait-peer not-a-key\ncertify\nreport\n");
        var output = new StringWriter();

        var exit = await RelayNodeCommands.ServeAsync(input, output, pinned: false, TestContext.Current.CancellationToken);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Contains("@127.0.0.1:", lines[0].GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.False(lines[0].GetProperty("pinned").GetBoolean());
        Assert.Contains("unknown command 'launch-missiles'", lines[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("public key", lines[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(64, lines[3].GetProperty("key").GetString()!.Length);
        Assert.False(string.IsNullOrEmpty(lines[3].GetProperty("certificate").GetString()));
        Assert.Equal(0, lines[4].GetProperty("rejectedFrames").GetInt32());
        Assert.True(lines[4].GetProperty("cpuSeconds").GetDouble() > 0);
    }
}
