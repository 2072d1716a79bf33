using System.Net.Http.Json;
using System.Text.Json;
using GigGossip.Http;

namespace GigGossip.Settler.Client;

/// <summary>Sends JSON to a settler service and reads its answer or its <see cref="Problem"/>.</summary>
internal sealed class SettlerHttp(Uri baseUri, HttpClient? http, string? bearer) : IDisposable
{
    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    private readonly bool _ownsHttp = http is null;

    public Uri BaseUri { get; } = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");

    /// <summary>The answer as <typeparamref name="T"/>, or the problem with its status.</summary>
    public async Task<(T? Value, int Status, Problem? Problem)> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) where T : class
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, path));
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ServiceJson.Options);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
                return (await response.Content.ReadFromJsonAsync<T>(ServiceJson.Options, cancellationToken) ?? throw new JsonException("null answer"), status, null);
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? await response.Content.ReadFromJsonAsync<Problem>(ServiceJson.Options, cancellationToken)
                : null;
            return (null, status, problem ?? new Problem("Http" + status, $"the settler answered {status} {response.ReasonPhrase}"));
        }
        catch (HttpRequestException e)
        {
            throw new SettlerUnreachableException($"cannot reach the settler at {BaseUri}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SettlerUnreachableException($"the settler at {BaseUri} did not answer in time", e);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new SettlerUnreachableException($"the settler at {BaseUri} answered something that is not its API: {HttpInput.OneLine(e.Message)}", e);
        }
    }

    /// <summary>The answer, or a <see cref="Protocol.Settlement.SettlerException"/> carrying the problem's message.</summary>
    public async Task<T> RequireAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) where T : class
    {
        var (value, status, problem) = await SendAsync<T>(method, path, body, cancellationToken);
        return value ?? throw new SettlerServiceException(status, problem!);
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
