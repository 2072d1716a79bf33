using System.Net;
using System.Net.Sockets;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests;

public sealed class CliControlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cli_drives_a_ride_from_request_to_done()
    {
        await using var net = TestNetwork.Create();
        var sender = await net.AddNodeAsync("sender", TestNetwork.SenderFundingMsat, control: true);
        var middleman = await net.AddNodeAsync("middleman");
        var driver = await net.AddNodeAsync("driver", control: true);
        await net.ConnectAsync(middleman, sender);
        await net.ConnectAsync(middleman, driver);
        string[] Node(TestNode n) => ["--node", n.Host.ControlUri!.ToString(), "--token", n.Options.Control!.TokenFile];

        var work = await Cli.RunAsync(["work", "--taxi", "--area", "r3gx", "--price", "25000sat", "--contact", "call 555-0199", .. Node(driver)]);
        Assert.Equal(0, work.Exit);
        Assert.Contains("taking taxi rides from r3gx at 25000 sat", work.Output);
        var request = await Cli.RunAsync(["request", "taxi", "--from", "r3gx2g5", "--to", "r3gx2u0", "--pickup-in", "10m", .. Node(sender)]);
        Assert.Equal(0, request.Exit);
        var requestId = request.Output.Split(' ', ':')[1];
        await sender.Events.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within();
        var offers = await Cli.RunAsync(["offers", "--request", requestId, .. Node(sender)]);
        Assert.Equal(0, offers.Exit);
        var offerId = offers.Output.Split(' ')[0];
        Assert.Contains("price 25000000 msat  network 3000 msat", offers.Output);

        var accept = await Cli.RunAsync(["accept", offerId, "--no-wait", .. Node(sender)]);
        Assert.Equal(0, accept.Exit);
        Assert.Contains($"accepted offer {offerId} for request {requestId}", accept.Output);
        await Rides.MoneyLockedAsync(net, sender, driver);
        net.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        Assert.Equal("call 555-0199", (await sender.Events.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within()).Contact);
        await driver.TimerSetAsync<ReplyPreimage>(count: 2);
        var done = await Cli.RunAsync(["done", requestId, .. Node(sender)]);
        Assert.Equal(0, done.Exit);
        Assert.Contains($"reported request {requestId} done", done.Output);
        await Rides.SettledAsync(net, sender, driver);

        var events = await Cli.RunAsync(["events", .. Node(sender)]);
        Assert.Contains("contact for", events.Output);
        Assert.Contains($"job {requestId[..12]} reported Done", events.Output);
        Assert.Equal(TestNetwork.DriverPriceMsat + 1_000, await driver.EarnedAsync());
    }

    [Fact]
    public async Task Control_command_for_a_node_that_is_not_there_is_one_line_and_exit_1()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var result = await Cli.RunAsync("offers", "--node", $"http://127.0.0.1:{port}/", "--token", node.Options.Control!.TokenFile);

        Assert.Equal(1, result.Exit);
        Assert.StartsWith($"error: cannot reach the node at http://127.0.0.1:{port}/", result.ErrorLine);
    }

    [Fact]
    public async Task Control_commands_report_what_the_node_refuses_in_one_line()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);
        string[] at = ["--node", node.Host.ControlUri!.ToString(), "--token", node.Options.Control!.TokenFile];

        var badGeohash = await Cli.RunAsync(["request", "taxi", "--from", "r3gx2gA", "--to", "r3gx2u0", "--pickup-in", "10m", .. at]);
        var unknownOffer = await Cli.RunAsync(["accept", "nope", .. at]);
        var wrongToken = await Cli.RunAsync(["offers", "--node", node.Host.ControlUri!.ToString(), "--token", WriteToken(net, new string('1', 64))]);

        Assert.Equal(2, badGeohash.Exit);
        Assert.Equal("error: the node answered 400: from: 'r3gx2gA' is not a geohash (1-12 of 0123456789bcdefghjkmnpqrstuvwxyz)", badGeohash.ErrorLine);
        Assert.Equal(1, unknownOffer.Exit);
        Assert.Equal("error: the node answered 404: no offer nope", unknownOffer.ErrorLine);
        Assert.Equal(1, wrongToken.Exit);
        Assert.Contains("401", wrongToken.ErrorLine);
    }

    [Theory]
    [InlineData(new[] { "offers" }, "give --node URL --token FILE, or --config FILE")]
    [InlineData(new[] { "offers", "--node", "http://127.0.0.1:1/" }, "--node needs --token FILE")]
    [InlineData(new[] { "offers", "--node", "ftp://x/", "--token", "t" }, "--node: 'ftp://x/' is not an http URL")]
    [InlineData(new[] { "offers", "--node", "http://127.0.0.1:1/", "--token", "/nonexistent/control.token" }, "control token file /nonexistent/control.token")]
    [InlineData(new[] { "request", "taxi", "--from", "r3gx2g5", "--to", "r3gx2u0", "--pickup-in", "soon", "--node", "http://127.0.0.1:1/", "--token", "TOKEN" }, "--pickup-in: 'soon' is not a duration")]
    [InlineData(new[] { "work", "--area", "r3gx", "--price", "1sat", "--node", "http://127.0.0.1:1/", "--token", "TOKEN" }, "give --taxi")]
    [InlineData(new[] { "offers", "--config", "/nonexistent/node.json" }, "config field '(file)': cannot read /nonexistent/node.json")]
    public async Task Malformed_control_command_lines_are_one_line_and_exit_2(string[] args, string expected)
    {
        await using var net = TestNetwork.Create();
        var token = WriteToken(net, new string('a', 64));

        var result = await Cli.RunAsync(args.Select(a => a == "TOKEN" ? token : a).ToArray());

        Assert.Equal(2, result.Exit);
        Assert.Contains(expected, result.ErrorLine);
    }

    private static string WriteToken(TestNetwork net, string hex)
    {
        var path = Path.Combine(net.Directory, Guid.NewGuid().ToString("N") + ".token");
        File.WriteAllText(path, hex);
        return path;
    }
}
