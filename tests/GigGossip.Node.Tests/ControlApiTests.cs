using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GigGossip.Node.Control;
using GigGossip.Node.Hosting;

namespace GigGossip.Node.Tests;

public sealed class ControlApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Control_api_refuses_requests_without_the_right_bearer_token()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);
        using var http = new HttpClient { BaseAddress = node.Host.ControlUri };

        var none = await http.GetAsync("v1/info", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("bearer token", await ErrorOf(none));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "v1/info") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", new string('0', 64)) } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong, Ct)).StatusCode);
        using var noScheme = new HttpRequestMessage(HttpMethod.Post, "v1/requests/taxi") { Headers = { { "Authorization", node.Host.ControlToken } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(noScheme, Ct)).StatusCode);

        using var api = node.Control();
        var info = await api.InfoAsync(Ct);
        Assert.Equal(node.Host.Id.ToHex(), info.Id);
        Assert.Equal(node.FundingMsat, info.BalanceMsat);
    }

    [Fact]
    public async Task Control_token_is_32_random_bytes_in_an_owner_only_file_kept_across_restarts()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);
        var file = node.Options.Control!.TokenFile;

        Assert.Equal(node.Host.ControlToken, File.ReadAllText(file).Trim());
        Assert.Matches("^[0-9a-f]{64}$", node.Host.ControlToken);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var token = node.Host.ControlToken;
        await net.RestartAsync(node);
        Assert.Equal(token, node.Host.ControlToken);
    }

    [Theory]
    [InlineData("POST", "v1/requests/taxi", "not json", "not the JSON object expected")]
    [InlineData("POST", "v1/requests/taxi", "", "not the JSON object expected")]
    [InlineData("POST", "v1/requests/taxi", "null", "the body is null")]
    [InlineData("POST", "v1/requests/taxi", """{"from":"r3gx2g5","pickupInSeconds":600}""", "to: a geohash is required")]
    [InlineData("POST", "v1/requests/taxi", """{"from":"r3gx2gA","to":"r3gx2u0","pickupInSeconds":600}""", "from: 'r3gx2gA' is not a geohash")]
    [InlineData("POST", "v1/requests/taxi", """{"from":"r3gx2g5vk","to":"r3gx2u0","pickupInSeconds":600}""", "peers accept at most 7")]
    [InlineData("POST", "v1/requests/taxi", """{"from":"r3gx2g5","to":"r3gx2u0","pickupInSeconds":0}""", "pickupInSeconds: 0 is not between")]
    [InlineData("POST", "v1/requests/taxi", """{"from":"r3gx2g5","to":"r3gx2u0"}""", "pickupInSeconds: a number of seconds is required")]
    [InlineData("POST", "v1/requests/taxi", """{"from":"r3gx2g5","to":"r3gx2u0","pickupInSeconds":"soon"}""", "not the JSON object expected")]
    [InlineData("POST", "v1/requests/taxi", """{"from":"r3gx2g5","to":"r3gx2u0","pickupInSeconds":600,"replyWithinSeconds":7200}""", "replyWithinSeconds: 7200")]
    [InlineData("POST", "v1/requests/taxi", """{"from":"r3gx2g5","to":"r3gx2u0","pickupInSecs":600}""", "not the JSON object expected")]
    [InlineData("PUT", "v1/work", """{"area":"r3gx","priceSats":0,"contact":"me"}""", "priceSats")]
    [InlineData("PUT", "v1/work", """{"area":"R3GX","priceSats":25000,"contact":"me"}""", "area: 'R3GX'")]
    [InlineData("PUT", "v1/work", """{"area":"r3gx","priceSats":25000,"contact":" "}""", "contact")]
    [InlineData("GET", "v1/events?after=-1", null, "after: '-1'")]
    [InlineData("GET", "v1/events?wait=61", null, "wait: '61'")]
    public async Task Malformed_control_requests_get_400_and_a_one_line_json_error(string method, string path, string? body, string expected)
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);

        var response = await Send(node, method, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = await ErrorOf(response);
        Assert.Contains(expected, error);
        Assert.DoesNotContain('\n', error);
        Assert.Empty(await node.Host.QueryAsync(engine => engine.Offers.ToList(), Ct));
    }

    [Fact]
    public async Task Unknown_offers_jobs_and_endpoints_get_404()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);

        var accept = await Send(node, "POST", "v1/offers/nope/accept", null);
        Assert.Equal(HttpStatusCode.NotFound, accept.StatusCode);
        Assert.Equal("no offer nope", await ErrorOf(accept));
        var done = await Send(node, "POST", "v1/jobs/abcd/done", null);
        Assert.Equal(HttpStatusCode.NotFound, done.StatusCode);
        Assert.Contains("no paid offer for abcd", await ErrorOf(done));
        Assert.Equal(HttpStatusCode.NotFound, (await Send(node, "GET", "v1/nothing", null)).StatusCode);
    }

    [Fact]
    public async Task Work_is_set_and_stopped_through_the_control_api()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);
        using var api = node.Control();

        var work = await api.WorkAsync(new WorkBody("r3gx", 30_000, "call me"), Ct);

        Assert.Equal(new WorkView("r3gx", 30_000_000, "call me"), work);
        Assert.Equal(work, (await api.InfoAsync(Ct)).Work);
        Assert.True(await node.Host.QueryAsync(engine => engine.IsWorker, Ct));
        Assert.Null((await api.StopWorkAsync(Ct)).Work);
        Assert.False(await node.Host.QueryAsync(engine => engine.IsWorker, Ct));
    }

    [Fact]
    public async Task Work_without_a_settler_to_work_through_is_refused_with_409()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true, configure: o => o with { WorkSettlerUri = null });

        var response = await Send(node, "PUT", "v1/work", """{"area":"r3gx","priceSats":25000,"contact":"me"}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("no settler to work through", await ErrorOf(response));
    }

    [Fact]
    public async Task Events_are_read_from_a_sequence_number_and_can_be_waited_for()
    {
        await using var net = TestNetwork.Create();
        var a = await net.AddNodeAsync("a", control: true);
        var b = await net.AddNodeAsync("b");
        using var api = a.Control();
        var before = (await api.EventsAsync(0, 0, Ct)).Last;

        var waiting = api.EventsAsync(before, 30, Ct);
        b.Host.Connect(a.Host.Address);
        var events = await waiting.Within();

        var up = Assert.Single(events.Events, e => e.Type == nameof(PeerUp));
        Assert.True(up.Sequence > before);
        Assert.Equal(b.Host.Id.ToHex(), ((JsonElement)up.Data["peer"]!).GetString());
    }

    [Fact]
    public async Task Control_body_over_1_MB_gets_413_with_a_json_error()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);

        var response = await Send(node, "PUT", "v1/work", "{\"area\":\"" + new string('r', 2 << 20) + "\"}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 1048576 bytes", await ErrorOf(response));
    }

    [Theory]
    [InlineData("PUT", "v1/work", "area")]
    [InlineData("POST", "v1/requests/taxi", "from")]
    public async Task Invalid_field_of_900_KB_is_not_echoed_back(string method, string path, string field)
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);
        var junk = new string('A', 900_000);
        var body = field == "area" ? $$"""{"area":"{{junk}}","priceSats":25000,"contact":"me"}""" : $$"""{"from":"{{junk}}","to":"r3gx2u0","pickupInSeconds":600}""";

        var response = await Send(node, method, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.True(error.Length < 200, $"{error.Length} characters echoed");
        Assert.Contains($"{field}: 'AAAA", error);
        Assert.Contains("(900000 characters)", error);
    }

    private static async Task<HttpResponseMessage> Send(TestNode node, string method, string path, string? body)
    {
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(5) }) { BaseAddress = node.Host.ControlUri };
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", node.Host.ControlToken) },
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };
        // A large body goes after 100-continue, so a refusal by length is an answer, not a broken pipe under the writer.
        request.Headers.ExpectContinue = body?.Length > 64 * 1024;
        var response = await http.SendAsync(request, Ct);
        await response.Content.LoadIntoBufferAsync(Ct);
        return response;
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<ErrorView>(await response.Content.ReadAsStringAsync(Ct), ControlApi.Json)!.Error;
}
