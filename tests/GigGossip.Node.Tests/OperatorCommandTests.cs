using System.Text.Json;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests;

/// <summary>Issue 13: honest outcomes and the read commands (getinfo, balance, peers, jobs, --json) against real nodes.</summary>
public sealed class OperatorCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] At(TestNode n) => ["--node", n.Host.ControlUri!.ToString(), "--token", n.Options.Control!.TokenFile];

    private static async Task<(TestNetwork Net, TestNode Sender, TestNode Middleman, TestNode Driver)> LineAsync(long senderFundingMsat)
    {
        var net = TestNetwork.Create();
        var sender = await net.AddNodeAsync("sender", senderFundingMsat, control: true);
        var middleman = await net.AddNodeAsync("middleman", control: true);
        var driver = await net.AddNodeAsync("driver", work: TestNetwork.Driver(), control: true);
        await net.ConnectAsync(middleman, sender);
        await net.ConnectAsync(middleman, driver);
        return (net, sender, middleman, driver);
    }

    private static async Task<(string RequestId, string OfferId)> OfferAsync(TestNode sender)
    {
        var request = await Cli.RunAsync(["request", "taxi", "--from", "r3gx2g5", "--to", "r3gx2u0", "--pickup-in", "10m", "--quiet", .. At(sender)]);
        Assert.Equal(0, request.Exit);
        var requestId = request.Output.Trim();
        var offer = await sender.Events.WaitForAsync<OfferReceived>(o => o.Offer.PayloadId == requestId, cancellationToken: Ct).Within();
        return (requestId, offer.Offer.OfferId);
    }

    /// <summary>Moves all of a node's money to another account through a real settled payment (money stays conserved).</summary>
    private static async Task DrainAsync(TestNode from, TestNode to)
    {
        var balance = await from.Wallet.GetBalanceAsync(Ct);
        var preimage = Preimage.Generate();
        var invoice = await to.Wallet.CreateInvoiceAsync(new HodlInvoiceRequest(preimage.Hash, balance, "drain"), Ct);
        await from.Wallet.PayAsync(invoice.Bolt11, cancellationToken: Ct);
        await to.Wallet.SettleAsync(preimage.Hash, preimage, Ct);
        Assert.Equal(0, await from.Wallet.GetBalanceAsync(Ct));
    }

    [Fact]
    public async Task Accept_exits_1_saying_the_rider_lacks_funds()
    {
        var (net, sender, _, _) = await LineAsync(senderFundingMsat: 0);
        await using var _net = net;
        var total = net.TotalMoneyMsat();
        var (_, offerId) = await OfferAsync(sender);

        var accept = await Cli.RunAsync(["accept", offerId, "--wait", "30s", .. At(sender)]);

        Assert.Equal(1, accept.Exit);
        Assert.Contains("payment failed", accept.ErrorLine);
        Assert.Contains("has less than", accept.ErrorLine);
        Assert.DoesNotContain("money held", accept.Output);
        Assert.Equal(total, net.TotalMoneyMsat());
    }

    [Fact]
    public async Task Accept_exits_1_when_a_middleman_cannot_forward_and_jobs_shows_failed()
    {
        var (net, sender, middleman, driver) = await LineAsync(TestNetwork.SenderFundingMsat);
        await using var _net = net;
        await DrainAsync(middleman, driver);
        var total = net.TotalMoneyMsat();
        var (requestId, offerId) = await OfferAsync(sender);

        var accept = await Cli.RunAsync(["accept", offerId, "--wait", "30s", .. At(sender)]);
        var jobs = await Cli.RunAsync(["jobs", "--json", .. At(sender)]);
        var info = await Cli.RunAsync(["getinfo", .. At(middleman)]);

        Assert.Equal(1, accept.Exit);
        Assert.Contains("could not forward it (it may lack the funds to)", accept.ErrorLine);
        using var parsed = JsonDocument.Parse(jobs.Output);
        var job = parsed.RootElement.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("id").GetString() == requestId);
        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal("sender", job.GetProperty("role").GetString());
        Assert.Equal(TestNetwork.DriverPriceMsat, job.GetProperty("priceMsat").GetInt64());
        Assert.Contains("warning:   no funds: cannot forward", info.Output);
        Assert.Equal(total, net.TotalMoneyMsat());
    }

    [Fact]
    public async Task Accept_waits_until_the_money_is_held_and_prints_the_contact_then_jobs_follow_the_ride_to_settled()
    {
        var (net, sender, middleman, driver) = await LineAsync(TestNetwork.SenderFundingMsat);
        await using var _net = net;
        var total = net.TotalMoneyMsat();
        var (requestId, offerId) = await OfferAsync(sender);

        var accepting = Cli.RunAsync(["accept", offerId, .. At(sender)]);
        await Rides.MoneyLockedAsync(net, sender, driver);
        net.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        var accept = await accepting.Within();
        Assert.Equal(0, accept.Exit);
        Assert.Contains("money held along the route", accept.Output);
        Assert.Contains("contact: driver: call 555-0100", accept.Output);
        Assert.Contains("[accepted: revealed]", (await Cli.RunAsync(["offers", .. At(sender)])).Output);

        await driver.TimerSetAsync<ReplyPreimage>(count: 2);
        var done = await Cli.RunAsync(["done", requestId, .. At(sender)]);
        Assert.Equal(0, done.Exit);
        await Rides.SettledAsync(net, sender, driver);

        var senderJobs = await Cli.RunAsync(["jobs", .. At(sender)]);
        Assert.Contains($"{requestId}  sender  settled  offers 1  price {TestNetwork.DriverPriceMsat} msat", senderJobs.Output);
        var driverJobs = await Cli.RunAsync(["jobs", "--json", .. At(driver)]);
        using var parsed = JsonDocument.Parse(driverJobs.Output);
        var taken = parsed.RootElement.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("role").GetString() == "worker");
        Assert.Equal(requestId, taken.GetProperty("id").GetString());
        Assert.Equal("settled", taken.GetProperty("state").GetString());
        await middleman.Events.WaitForAsync<MoneySettled>(m => m.Incoming, cancellationToken: Ct).Within();
        Assert.Contains("middleman  settled", (await Cli.RunAsync(["jobs", .. At(middleman)])).Output);
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.HeldMsat());
    }

    /// <summary>`accept --no-wait`, then the money locks, the settler is polled and the rider sees the contact.</summary>
    private static async Task AcceptUntilRevealedAsync(TestNetwork net, TestNode sender, TestNode driver, string offerId)
    {
        Assert.Equal(0, (await Cli.RunAsync(["accept", offerId, "--no-wait", .. At(sender)])).Exit);
        await Rides.MoneyLockedAsync(net, sender, driver);
        net.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        await sender.Events.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within();
    }

    private static async Task<JsonElement> JobAsync(TestNode node, string role)
    {
        var jobs = await Cli.RunAsync(["jobs", "--json", .. At(node)]);
        Assert.Equal(0, jobs.Exit);
        using var parsed = JsonDocument.Parse(jobs.Output);
        return parsed.RootElement.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("role").GetString() == role).Clone();
    }

    [Fact]
    public async Task Jobs_keep_their_final_state_and_amounts_across_a_restart_of_every_node()
    {
        var (net, sender, middleman, driver) = await LineAsync(TestNetwork.SenderFundingMsat);
        await using var _net = net;
        var total = net.TotalMoneyMsat();
        var (requestId, offerId) = await OfferAsync(sender);
        await AcceptUntilRevealedAsync(net, sender, driver, offerId);
        await driver.TimerSetAsync<ReplyPreimage>(count: 2);
        Assert.Equal(0, (await Cli.RunAsync(["done", requestId, .. At(sender)])).Exit);
        await Rides.SettledAsync(net, sender, driver);
        await middleman.Events.WaitForAsync<MoneySettled>(m => m.Incoming, cancellationToken: Ct).Within();
        var before = (await JobAsync(sender, "sender"), await JobAsync(middleman, "middleman"), await JobAsync(driver, "worker"));

        foreach (var node in new[] { sender, middleman, driver }) await net.RestartAsync(node);

        var rider = await JobAsync(sender, "sender");
        Assert.Equal(requestId, rider.GetProperty("id").GetString());
        Assert.Equal("settled", rider.GetProperty("state").GetString());
        Assert.Equal(offerId, rider.GetProperty("offerId").GetString());
        Assert.Equal(TestNetwork.DriverPriceMsat, rider.GetProperty("priceMsat").GetInt64());
        Assert.Equal(before.Item1.GetProperty("networkMsat").GetInt64(), rider.GetProperty("networkMsat").GetInt64());
        Assert.Equal("driver: call 555-0100", rider.GetProperty("contact").GetString());
        var routed = await JobAsync(middleman, "middleman");
        Assert.Equal("settled", routed.GetProperty("state").GetString());
        Assert.Equal(before.Item2.GetProperty("feeMsat").GetInt64(), routed.GetProperty("feeMsat").GetInt64());
        var taken = await JobAsync(driver, "worker");
        Assert.Equal((requestId, "settled"), (taken.GetProperty("id").GetString(), taken.GetProperty("state").GetString()));
        Assert.Equal(TestNetwork.DriverPriceMsat, taken.GetProperty("priceMsat").GetInt64());
        Assert.Equal(before.Item3.ToString(), taken.ToString());
        Assert.Equal(total, net.TotalMoneyMsat());
    }

    [Fact]
    public async Task A_rider_restarted_while_the_money_is_held_sees_its_job_go_on_to_settled()
    {
        var (net, sender, _, driver) = await LineAsync(TestNetwork.SenderFundingMsat);
        await using var _net = net;
        var total = net.TotalMoneyMsat();
        var (requestId, offerId) = await OfferAsync(sender);
        await AcceptUntilRevealedAsync(net, sender, driver, offerId);

        await net.RestartAsync(sender);

        Assert.Equal("revealed", (await JobAsync(sender, "sender")).GetProperty("state").GetString());
        await driver.TimerSetAsync<ReplyPreimage>(count: 2);
        Assert.Equal(0, (await Cli.RunAsync(["done", requestId, .. At(sender)])).Exit);
        await Rides.SettledAsync(net, sender, driver);
        var jobs = await Cli.RunAsync(["jobs", "--request", requestId, "--until", "settled", .. At(sender)]);
        Assert.Equal(0, jobs.Exit);
        Assert.Contains($"{requestId}  sender  settled  offers 1  price {TestNetwork.DriverPriceMsat} msat", jobs.Output);
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.HeldMsat());
    }

    [Fact]
    public async Task Done_exits_1_when_the_settler_refuses_the_report_of_a_cancelled_job()
    {
        var (net, sender, _, driver) = await LineAsync(TestNetwork.SenderFundingMsat);
        await using var _net = net;
        var total = net.TotalMoneyMsat();
        var (requestId, offerId) = await OfferAsync(sender);
        Assert.Equal(0, (await Cli.RunAsync(["accept", offerId, "--no-wait", .. At(sender)])).Exit);
        await Rides.MoneyLockedAsync(net, sender, driver);
        var disputed = await Cli.RunAsync(["dispute", requestId, .. At(sender)]);
        Assert.Equal(0, disputed.Exit);

        var done = await Cli.RunAsync(["done", requestId, .. At(sender)]);

        Assert.Equal(1, done.Exit);
        Assert.Contains("settler did not take the report", done.ErrorLine);
        Assert.Contains("the job was cancelled", done.ErrorLine);
        Assert.DoesNotContain("{", done.ErrorLine);
        Assert.DoesNotContain("reported", done.Output);
        Assert.Equal(total, net.TotalMoneyMsat());
    }

    /// <summary>The field names the README lists for <paramref name="command"/>'s --json (its bullet under "Units, keys and output").</summary>
    private static HashSet<string> ReadmeFields(string command)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "GigGossip.sln"))) directory = directory.Parent!;
        var lines = File.ReadAllLines(Path.Combine(directory.FullName, "README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith($"  - `{command}`:", StringComparison.Ordinal));
        Assert.True(start >= 0, $"the README lists no --json fields for {command}");
        var bullet = lines.Skip(start).Take(1).Concat(lines.Skip(start + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)));
        return [.. bullet.SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l, "`([A-Za-z]+)`").Select(m => m.Groups[1].Value))];
    }

    private static IEnumerable<string> FieldNames(JsonElement element, bool skipData)
    {
        if (element.ValueKind == JsonValueKind.Array)
            foreach (var name in element.EnumerateArray().SelectMany(e => FieldNames(e, skipData))) yield return name;
        if (element.ValueKind != JsonValueKind.Object) yield break;
        foreach (var property in element.EnumerateObject())
        {
            yield return property.Name;
            if (!(skipData && property.Name == "data"))
                foreach (var name in FieldNames(property.Value, skipData)) yield return name;
        }
    }

    [Fact]
    public async Task Every_json_field_of_the_read_commands_is_named_in_the_readme()
    {
        var (net, sender, middleman, driver) = await LineAsync(TestNetwork.SenderFundingMsat);
        await using var _net = net;
        var (_, offerId) = await OfferAsync(sender);
        await AcceptUntilRevealedAsync(net, sender, driver, offerId);

        foreach (var (command, node) in new[] { ("getinfo", driver), ("balance", sender), ("peers", middleman), ("jobs", sender), ("jobs", middleman), ("jobs", driver), ("offers", sender) })
        {
            var result = await Cli.RunAsync([command, "--json", .. At(node)]);
            Assert.Equal(0, result.Exit);
            using var parsed = JsonDocument.Parse(result.Output);
            var listed = ReadmeFields(command);
            Assert.All(FieldNames(parsed.RootElement, skipData: false).Distinct(), f => Assert.True(listed.Contains(f), $"`{command} --json` has `{f}`, which the README does not name"));
        }
        var events = await Cli.RunAsync(["events", "--json", .. At(sender)]);
        foreach (var line in events.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var parsed = JsonDocument.Parse(line);
            Assert.All(FieldNames(parsed.RootElement, skipData: true), f => Assert.Contains(f, ReadmeFields("events")));
        }
    }

    [Fact]
    public async Task Dispute_exits_1_when_the_settler_refuses_the_report_of_a_settled_job()
    {
        var (net, sender, _, driver) = await LineAsync(TestNetwork.SenderFundingMsat);
        await using var _net = net;
        var (requestId, offerId) = await OfferAsync(sender);
        await AcceptUntilRevealedAsync(net, sender, driver, offerId);
        var settled = await Cli.RunAsync(["done", requestId, .. At(sender)]);
        Assert.Equal(0, settled.Exit);

        var done = await Cli.RunAsync(["dispute", requestId, .. At(sender)]);

        Assert.Equal(1, done.Exit);
        Assert.Contains("settler did not take the report", done.ErrorLine);
        Assert.DoesNotContain("{", done.ErrorLine);
        Assert.DoesNotContain("reported", done.Output);
    }

    [Fact]
    public async Task Work_without_contact_keeps_the_configured_contact()
    {
        await using var net = TestNetwork.Create();
        var driver = await net.AddNodeAsync("driver", work: TestNetwork.Driver("call 555-0100"), control: true);

        var work = await Cli.RunAsync(["work", "--taxi", "--area", "r3gx", "--price", "30000sat", .. At(driver)]);

        Assert.Equal(0, work.Exit);
        Assert.Contains("at 30000 sat (contact shown to payers: call 555-0100)", work.Output);
        Assert.Equal("call 555-0100", driver.Host.Work!.Contact);
        Assert.Equal(30_000_000, driver.Host.Work.PriceMsat);
    }

    [Theory]
    [InlineData(new[] { "work", "--taxi", "--area", "r3gx", "--price", "25000" }, "--price: '25000' has no unit; write 25000sat or 25000msat")]
    [InlineData(new[] { "request", "taxi", "--from", "r3gx2g5", "--to", "r3gx2u0", "--pickup-in", "10" }, "--pickup-in: '10' has no unit; write 10s, 10m or 10h")]
    public async Task Bare_numbers_for_money_and_time_are_refused_with_a_hint(string[] args, string expected)
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);

        var result = await Cli.RunAsync([.. args, .. At(node)]);

        Assert.Equal(2, result.Exit);
        Assert.Equal("error: " + expected, result.ErrorLine);
        Assert.Null(node.Host.Work);
    }

    [Fact]
    public async Task Getinfo_balance_and_peers_answer_in_text_and_json_with_x_only_keys()
    {
        var (net, sender, middleman, _) = await LineAsync(TestNetwork.SenderFundingMsat);
        await using var _net = net;

        var info = await Cli.RunAsync(["getinfo", "--json", .. At(sender)]);
        var balance = await Cli.RunAsync(["balance", "--json", .. At(sender)]);
        var peers = await Cli.RunAsync(["peers", "--json", .. At(middleman)]);
        var text = await Cli.RunAsync(["getinfo", .. At(sender)]);

        using var i = JsonDocument.Parse(info.Output);
        Assert.Equal(sender.Host.Id.ToHex(), i.RootElement.GetProperty("id").GetString());
        Assert.StartsWith(sender.Host.Id.ToHex() + "@127.0.0.1:", i.RootElement.GetProperty("address").GetString());
        Assert.Equal(TestNetwork.SenderFundingMsat + TestNetwork.RoutingLiquidityMsat, i.RootElement.GetProperty("balanceMsat").GetInt64());
        Assert.Equal(net.Settler.PublicKey.ToHex(), i.RootElement.GetProperty("settlers")[0].GetProperty("publicKey").GetString());
        Assert.Empty(i.RootElement.GetProperty("warnings").EnumerateArray());
        using var b = JsonDocument.Parse(balance.Output);
        Assert.Equal(TestNetwork.SenderFundingMsat + TestNetwork.RoutingLiquidityMsat, b.RootElement.GetProperty("balanceMsat").GetInt64());
        using var p = JsonDocument.Parse(peers.Output);
        Assert.Equal(2, p.RootElement.GetProperty("peers").EnumerateArray().Count(e => e.GetProperty("connected").GetBoolean()));
        Assert.All(p.RootElement.GetProperty("peers").EnumerateArray(), e => Assert.Equal(64, e.GetProperty("id").GetString()!.Length));
        Assert.Contains($"id:        {sender.Host.Id.ToHex()}", text.Output);
        Assert.Contains("peers:     1 connected", text.Output);
    }

    [Fact]
    public async Task Offers_and_events_have_json()
    {
        var (net, sender, _, _) = await LineAsync(TestNetwork.SenderFundingMsat);
        await using var _net = net;
        var (requestId, offerId) = await OfferAsync(sender);

        var offers = await Cli.RunAsync(["offers", "--json", .. At(sender)]);
        var events = await Cli.RunAsync(["events", "--json", .. At(sender)]);

        using var o = JsonDocument.Parse(offers.Output);
        var offer = o.RootElement.GetProperty("offers")[0];
        Assert.Equal(offerId, offer.GetProperty("offerId").GetString());
        Assert.Equal(TestNetwork.DriverPriceMsat, offer.GetProperty("priceMsat").GetInt64());
        var lines = events.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString() == "BroadcastStarted"
            && JsonDocument.Parse(l).RootElement.GetProperty("data").GetProperty("requestId").GetString() == requestId);
    }

    [Theory]
    [InlineData("""{"area":"r3gx","priceSats":"many","contact":"me"}""", "priceSats: expected a whole number")]
    [InlineData("""{"area":"r3gx","priceSats":25000,"contact":"me","colour":"red"}""", "'colour' is not a field here")]
    [InlineData("""{"area":7,"priceSats":25000,"contact":"me"}""", "area: expected a value of another type")]
    public async Task Control_api_json_errors_name_the_field_without_runtime_type_names(string body, string says)
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);
        using var http = new HttpClient { BaseAddress = node.Host.ControlUri };
        http.DefaultRequestHeaders.Authorization = new("Bearer", node.Host.ControlToken);

        using var response = await http.PutAsync("v1/work", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        var text = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("error").GetString()!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.EndsWith(says, text);
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain("GigGossip.", text);
        Assert.DoesNotContain("`1", text);
    }
}
