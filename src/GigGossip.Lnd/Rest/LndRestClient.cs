using System.Net.Http.Json;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace GigGossip.Lnd.Rest;

/// <summary>
/// HTTP client of LND's REST gateway: TLS accepted only for LND's own certificate (byte for byte), the macaroon in the
/// <c>Grpc-Metadata-macaroon</c> header, JSON as the gateway writes it (64-bit integers as strings, bytes as base64),
/// errors as <see cref="LndApiException"/>, streams read as newline-delimited <c>{"result":..}</c> objects.
/// </summary>
public sealed class LndRestClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _baseUrl;

    public LndRestClient(LndConnection connection)
    {
        var pinned = connection.TlsCertificate.RawData;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(pinned),
            },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Add("Grpc-Metadata-macaroon", LndConnection.RequireHexMacaroon(connection.MacaroonHex));
        _baseUrl = connection.RestUrl.ToString().TrimEnd('/');
    }

    /// <summary>How long a unary call may take before it counts as LND unreachable.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) => SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    public Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken) => SendAsync<T>(HttpMethod.Post, path, body, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        try
        {
            using var request = Request(method, path, body);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode) throw Error((int)response.StatusCode, text);
            return Parse<T>(text, path);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LndUnreachableException($"lnd did not answer {path} within {CallTimeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new LndUnreachableException($"cannot reach lnd at {_baseUrl}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Opens a server stream and yields each update's <c>result</c>. Ends when LND closes the stream (a restart cuts it with
    /// no final update: the caller resubscribes); an <c>{"error":..}</c> line or an error status is an <see cref="LndApiException"/>.
    /// No header timeout: LND may send nothing until there is something to say.
    /// </summary>
    public async IAsyncEnumerable<T> StreamAsync<T>(HttpMethod method, string path, object? body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using var request = Request(method, path, body);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new LndUnreachableException($"cannot reach lnd at {_baseUrl}: {e.Message}", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw Error((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            Stream stream;
            try
            {
                stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new LndUnreachableException($"lnd's stream {path} broke: {e.Message}", e);
            }
            using var reader = new StreamReader(stream);
            while (true)
            {
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(cancellationToken);
                }
                catch (Exception e) when (e is IOException or HttpRequestException)
                {
                    throw new LndUnreachableException($"lnd's stream {path} broke: {e.Message}", e);
                }
                if (line is null) yield break;
                if (string.IsNullOrWhiteSpace(line)) continue;
                var update = Parse<StreamLine<T>>(line, path);
                if (update.Error is { } error) throw new LndApiException(200, error.Code, error.Message ?? "");
                if (update.Result is { } result) yield return result;
            }
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, _baseUrl + path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: LndJson.Options);
        return request;
    }

    private static T Parse<T>(string text, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, LndJson.Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new LndUnreachableException($"lnd answered {path} with something that is not its JSON: {e.Message}", e);
        }
    }

    private static LndApiException Error(int status, string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize<LnStatus>(body, LndJson.Options);
            if (error?.Message is not null) return new LndApiException(status, error.Code, error.Message);
        }
        catch (JsonException)
        {
        }
        var shown = body.Length > 200 ? body[..200] + "..." : body;
        return new LndApiException(status, 2, shown.ReplaceLineEndings(" "));
    }

    public void Dispose() => _http.Dispose();

    private sealed record StreamLine<T>(T? Result, LnStatus? Error);
}
