using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GigGossip.Http;

namespace GigGossip.Wallet.Tests.Support;

/// <summary>
/// Hand-made requests to a service, for the refusals a well-behaved client never provokes. A large body is sent the way a
/// careful client sends it, after <c>Expect: 100-continue</c>: a service that refuses it by its length answers before the
/// body is written, instead of closing the socket under a client still writing (a broken pipe, not an answer).
/// </summary>
internal sealed class RawHttp(Uri baseUri) : IDisposable
{
    private const int ExpectContinueAboveBytes = 64 * 1024;

    private readonly HttpClient _http = new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(5) }) { BaseAddress = baseUri };

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? bearer = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, contentType);
        if (json?.Length > ExpectContinueAboveBytes) request.Headers.ExpectContinue = true;
        return _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body, string? bearer = null) =>
        SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body, ServiceJson.Options), bearer);

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(ServiceJson.Options, TestContext.Current.CancellationToken))!;

    /// <summary>Asserts the status and a one-line problem body; returns the problem.</summary>
    public static async Task<Problem> ProblemAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        var problem = JsonSerializer.Deserialize<Problem>(body, ServiceJson.Options)!;
        Assert.False(string.IsNullOrWhiteSpace(problem.Message));
        Assert.DoesNotContain('\n', problem.Message);
        Assert.DoesNotContain("   at ", problem.Message);
        return problem;
    }

    public void Dispose() => _http.Dispose();
}
