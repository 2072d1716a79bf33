using System.CommandLine;
using System.Text.Json.Nodes;
using GigGossip.Cli.Commands;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Tests;

/// <summary>Issue 13: a node config may name a settler by URL only; its key is pinned on first use and a changed key refused.</summary>
public sealed class SettlerPinTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(string Started, CliResult Result)> StartAndStopAsync(TestNetwork net, string path)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var output = new LineWriter();
        var running = Cli.RunAsync(new RootCommand { NodeCommand.Build(NodeCommandTests.Backends(net)) }, ["node", "--config", path], output, stop.Token);
        var first = await Task.WhenAny(output.Lines.WaitForAsync(l => l.Contains("listening on")), running).Within();
        if (first == running) return ("", await running);
        await stop.CancelAsync();
        return (output.ToString(), await running.Within());
    }

    [Fact]
    public async Task A_settler_named_by_url_is_pinned_on_first_use_and_a_changed_key_refused()
    {
        await using var net = TestNetwork.Create(systemClock: true);
        var config = await NodeCommandTests.CertifiedConfigAsync(net, "node");
        config["trustedSettlers"] = new JsonArray(new JsonObject { ["uri"] = TestNetwork.SettlerUri });
        var path = NodeCommandTests.Write(net, config);
        var pins = Path.Combine(net.Directory, "node", "settler-keys.json");

        var (first, firstRun) = await StartAndStopAsync(net, path);
        var (second, secondRun) = await StartAndStopAsync(net, path);
        Assert.Equal(0, firstRun.Exit);
        Assert.Contains($"pinned settler {TestNetwork.SettlerUri} key {net.Settler.PublicKey}", first);
        Assert.Contains(net.Settler.PublicKey.ToHex(), File.ReadAllText(pins));
        Assert.Equal(0, secondRun.Exit);
        Assert.DoesNotContain("pinned settler", second);

        var other = SecretKey.Generate().PublicKey.ToHex();
        File.WriteAllText(pins, $$"""{ "{{TestNetwork.SettlerUri}}": "{{other}}" }""");
        var (_, changed) = await StartAndStopAsync(net, path);

        Assert.Equal(NodeCommand.CannotStart, changed.Exit);
        Assert.StartsWith($"error: settler {TestNetwork.SettlerUri} now presents key {net.Settler.PublicKey}, not the key {other} pinned", changed.ErrorLine);
    }
}
