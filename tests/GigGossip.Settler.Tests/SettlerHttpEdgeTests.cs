using System.Net.Http.Json;
using System.Text.Json;
using GigGossip.Settler.Tests.Support;
using GigGossip.Http;

namespace GigGossip.Settler.Tests;

/// <summary>The settler's OpenAPI document says what the endpoints accept; every refusal has a JSON body.</summary>
public sealed class SettlerHttpEdgeTests : IAsyncLifetime
{
    private SettlerWorld _world = null!;
    private RawHttp _http = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await SettlerWorld.StartAsync();
        _http = new RawHttp(_world.Server.BaseUri);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _world.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenApi_declares_JobOutcome_as_the_strings_the_endpoint_accepts()
    {
        using var document = JsonDocument.Parse(await (await _http.SendAsync(HttpMethod.Get, "openapi/v1.json")).Content.ReadAsStringAsync(Ct));

        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var outcome = schemas.GetProperty("JobOutcome");
        if (outcome.TryGetProperty("type", out var type)) Assert.Contains("string", type.ToString());
        Assert.DoesNotContain("integer", outcome.ToString());
        var names = outcome.GetProperty("enum").EnumerateArray().Where(e => e.ValueKind != JsonValueKind.Null).ToList();
        Assert.All(names, e => Assert.Equal(JsonValueKind.String, e.ValueKind));
        Assert.Equal(["Done", "Disputed"], names.Select(e => e.GetString()));
        // Refusals are documented as what they are: {error, message}.
        var problem = schemas.GetProperty("Problem").GetProperty("properties");
        Assert.True(problem.TryGetProperty("error", out _) && problem.TryGetProperty("message", out _));
        Assert.False(schemas.TryGetProperty("ProblemDetails", out _));
    }

    [Fact]
    public async Task Wrong_content_type_gets_415_with_a_JSON_problem()
    {
        var response = await _http.SendAsync(HttpMethod.Post, "v1/job-report", "outcome=Done", contentType: "text/plain");

        var problem = await RawHttp.ProblemAsync(response, 415);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("must be JSON", problem.Message);
    }

    [Fact]
    public async Task Unknown_path_and_wrong_method_get_JSON_problems()
    {
        await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Get, "v1/nothing-here"), 404);
        await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Get, "v1/job-report"), 405);
    }

    [Fact]
    public async Task Body_over_1_MB_gets_413_with_a_JSON_problem_and_no_echo()
    {
        var huge = "{\"networkPaymentHash\":\"" + new string('7', 2 << 20) + "\"}";
        var response = await _http.SendAsync(HttpMethod.Post, "v1/job-report", huge);

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(413, (int)response.StatusCode);
        Assert.True(body.Length < 500, body[..Math.Min(body.Length, 500)]);
        Assert.Equal("TooLarge", JsonSerializer.Deserialize<Problem>(body, ServiceJson.Options)!.Error);
    }
}
