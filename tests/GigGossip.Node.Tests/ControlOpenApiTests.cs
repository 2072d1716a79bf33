using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GigGossip.Node.Hosting;
using GigGossip.Wallet.Tests.Support;

namespace GigGossip.Node.Tests;

/// <summary>The control API publishes an OpenAPI document of every endpoint it maps, as the wallet and the settler do.</summary>
public sealed class ControlOpenApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The browser app's own routes on the control port (cookie sessions, an event stream): not the control API.</summary>
    private static bool BrowserRoute(string pattern) => pattern.StartsWith("/v1/web/", StringComparison.Ordinal) || pattern == "/v1/events/stream";

    private static async Task<(int Status, string Body)> SendAsync(TestNode node, HttpMethod method, string path, string? json = null)
    {
        using var http = new HttpClient { BaseAddress = node.Host.ControlUri };
        using var request = new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", node.Host.ControlToken) } };
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, Ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<JsonDocument> DocumentAsync(TestNode node)
    {
        var (status, body) = await SendAsync(node, HttpMethod.Get, "openapi/v1.json");
        Assert.Equal(200, status);
        return JsonDocument.Parse(body);
    }

    [Fact]
    public async Task Document_describes_every_mapped_control_endpoint_with_its_answer_and_path_parameters()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);

        using var document = await DocumentAsync(node);

        var routes = node.Host.ControlRoutes.Where(r => r.Pattern.StartsWith("/v1/", StringComparison.Ordinal) && !BrowserRoute(r.Pattern)).ToList();
        Assert.Contains(("GET", "/v1/jobs"), routes);
        Assert.Contains(("PUT", "/v1/work"), routes);
        Assert.True(routes.Count >= 14, $"only {routes.Count} control routes found");
        foreach (var (method, pattern) in routes)
        {
            var operation = OpenApiAssert.Operation(document.RootElement, method, pattern);
            var responses = operation.GetProperty("responses");
            Assert.True(responses.EnumerateObject().Any(r => r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out _)), $"{method} {pattern} has no described answer");
            Assert.True(responses.TryGetProperty("401", out _), $"{method} {pattern} does not say it needs the token");
            foreach (var name in pattern.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')))
                Assert.Contains(operation.GetProperty("parameters").EnumerateArray(),
                    p => p.GetProperty("name").GetString() == name && p.GetProperty("in").GetString() == "path" && p.GetProperty("required").GetBoolean());
        }
        var events = OpenApiAssert.Operation(document.RootElement, "get", "/v1/events").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Equal(["after", "wait"], events);
    }

    [Fact]
    public async Task Enums_are_the_strings_the_api_sends_and_job_states_are_all_listed()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);

        using var document = await DocumentAsync(node);

        Assert.True(OpenApiAssert.EnumsAreStrings(document.RootElement) >= 3);
        var job = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("JobEntry").GetProperty("properties");
        Assert.Equal(JobStates.All, job.GetProperty("state").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(JobStates.Roles, job.GetProperty("role").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
        Assert.DoesNotContain("integer", job.GetProperty("state").ToString());
    }

    [Fact]
    public async Task A_body_with_only_the_required_fields_is_taken_and_one_without_a_required_field_is_refused()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node", control: true);
        using var document = await DocumentAsync(node);
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var body = OpenApiAssert.Operation(document.RootElement, "post", "/v1/requests/taxi").GetProperty("requestBody");
        Assert.True(body.GetProperty("required").GetBoolean());
        Assert.Contains("TaxiRequestBody", body.ToString());
        var taxi = schemas.GetProperty("TaxiRequestBody");
        var required = taxi.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(["from", "to", "pickupInSeconds"], required);
        Assert.DoesNotContain("null", taxi.GetProperty("properties").GetProperty("from").GetProperty("type").ToString());
        Assert.Equal(["area"], schemas.GetProperty("WorkBody").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, schemas.GetProperty("WorkBody").GetProperty("oneOf").GetArrayLength());

        var values = new Dictionary<string, string> { ["from"] = "\"r3gx2g5\"", ["to"] = "\"r3gx2u0\"", ["pickupInSeconds"] = "600" };
        var taken = await SendAsync(node, HttpMethod.Post, "v1/requests/taxi", "{" + string.Join(",", required.Select(f => $"\"{f}\":{values[f]}")) + "}");
        Assert.Equal(200, taken.Status);
        foreach (var missing in required)
        {
            var refused = await SendAsync(node, HttpMethod.Post, "v1/requests/taxi", "{" + string.Join(",", required.Where(f => f != missing).Select(f => $"\"{f}\":{values[f]}")) + "}");
            Assert.Equal(400, refused.Status);
            Assert.Contains(missing, refused.Body);
        }
        var work = await SendAsync(node, HttpMethod.Put, "v1/work", """{"area":"r3gx"}""");
        Assert.Equal(400, work.Status);
        Assert.Equal(200, (await SendAsync(node, HttpMethod.Put, "v1/work", """{"area":"r3gx","priceMsat":5000}""")).Status);
    }
}
