using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace GigGossip.Fuzz.Tests;

/// <summary>
/// Posts mutated JSON bodies to a real service on 127.0.0.1: every answer is a 2xx or a 4xx with a one-line JSON error,
/// never a 5xx; after a 4xx the service's state (as <c>snapshot</c> prints it) is what it was before.
/// </summary>
internal static class HttpFuzz
{
    public const int Iterations = 300;

    public static async Task PostMutationsAsync(HttpClient http, HttpMethod method, string path, string validJson, string? bearer, Func<Task<string>> snapshot)
    {
        var refused = 0;
        await Mutations.OfText(validJson).SampleAsync(async body =>
        {
            var before = await snapshot();
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(Encoding.Latin1.GetBytes(body)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(status < 500, $"{method} {path} with {body} answered {status}: {text}");
            if (status < 400) return;
            refused++;
            AssertOneLineJsonError(text, status, body);
            Assert.Equal(before, await snapshot());
        }, iter: Iterations, threads: 1);
        Assert.True(refused > 0, $"no mutation of {path}'s body was refused: the mutations test nothing");
    }

    /// <summary>A JSON object with a one-line "message" or "error" string and no stack trace.</summary>
    public static void AssertOneLineJsonError(string text, int status, string input)
    {
        Assert.True(text.TrimStart().StartsWith('{'), $"{status} for {input} is not a JSON error: '{text}'");
        using var json = JsonDocument.Parse(text);
        var message = json.RootElement.TryGetProperty("message", out var m) ? m.GetString() : json.RootElement.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message), $"{status} without a message for {input}: {text}");
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain("   at ", message);
    }
}
