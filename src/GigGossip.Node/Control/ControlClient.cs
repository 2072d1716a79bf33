using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GigGossip.Node.Control;

/// <summary>A typed client of a running node's control API (what the CLI's control commands use).</summary>
public sealed partial class ControlClient : IDisposable
{
    private readonly HttpClient _http;

    public ControlClient(Uri node, string token, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = node;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.Timeout = TimeSpan.FromSeconds(100);
    }

    public Uri Node => _http.BaseAddress!;

    public Task<InfoView> InfoAsync(CancellationToken cancellationToken = default) => SendAsync<InfoView>(HttpMethod.Get, "v1/info", null, cancellationToken);

    public Task<PeersView> PeersAsync(CancellationToken cancellationToken = default) => SendAsync<PeersView>(HttpMethod.Get, "v1/peers", null, cancellationToken);

    public Task<BalanceView> BalanceAsync(CancellationToken cancellationToken = default) => SendAsync<BalanceView>(HttpMethod.Get, "v1/balance", null, cancellationToken);

    public Task<JobsView> JobsAsync(CancellationToken cancellationToken = default) => SendAsync<JobsView>(HttpMethod.Get, "v1/jobs", null, cancellationToken);

    public Task<RequestStarted> RequestTaxiAsync(TaxiRequestBody body, CancellationToken cancellationToken = default) =>
        SendAsync<RequestStarted>(HttpMethod.Post, "v1/requests/taxi", body, cancellationToken);

    public Task<OffersView> OffersAsync(string? requestId = null, CancellationToken cancellationToken = default) =>
        SendAsync<OffersView>(HttpMethod.Get, requestId is null ? "v1/offers" : $"v1/offers?request={Uri.EscapeDataString(requestId)}", null, cancellationToken);

    public Task<AcceptedView> AcceptAsync(string offerId, CancellationToken cancellationToken = default) =>
        SendAsync<AcceptedView>(HttpMethod.Post, $"v1/offers/{Uri.EscapeDataString(offerId)}/accept", null, cancellationToken);

    /// <summary>Accepts and waits up to <paramref name="waitSeconds"/> for the payment's outcome (<see cref="AcceptedView.Outcome"/>).</summary>
    public Task<AcceptedView> AcceptAsync(string offerId, int waitSeconds, CancellationToken cancellationToken = default) =>
        SendAsync<AcceptedView>(HttpMethod.Post, $"v1/offers/{Uri.EscapeDataString(offerId)}/accept?wait={waitSeconds}", null, cancellationToken);

    /// <summary>Reports done or disputed and waits up to <paramref name="waitSeconds"/> for the settler's answer (409 when it refused).</summary>
    public Task<ReportedView> ReportAsync(string requestId, bool done, int waitSeconds, string? statement = null, CancellationToken cancellationToken = default) =>
        SendAsync<ReportedView>(HttpMethod.Post, $"v1/jobs/{Uri.EscapeDataString(requestId)}/{(done ? "done" : "dispute")}?wait={waitSeconds}",
            statement is null ? null : new StatementBody(statement), cancellationToken);

    public Task<ReportedView> DoneAsync(string requestId, CancellationToken cancellationToken = default) =>
        SendAsync<ReportedView>(HttpMethod.Post, $"v1/jobs/{Uri.EscapeDataString(requestId)}/done", null, cancellationToken);

    public Task<ReportedView> DisputeAsync(string requestId, CancellationToken cancellationToken = default) =>
        SendAsync<ReportedView>(HttpMethod.Post, $"v1/jobs/{Uri.EscapeDataString(requestId)}/dispute", null, cancellationToken);

    /// <summary>Disputes with a statement for the settler's operator.</summary>
    public Task<ReportedView> DisputeAsync(string requestId, string? statement, CancellationToken cancellationToken = default) =>
        SendAsync<ReportedView>(HttpMethod.Post, $"v1/jobs/{Uri.EscapeDataString(requestId)}/dispute", statement is null ? null : new StatementBody(statement), cancellationToken);

    /// <summary>The driver reports the rider's pickup code (proof of service).</summary>
    public Task<ServiceReportView> PickupAsync(string requestId, string code, CancellationToken cancellationToken = default) =>
        SendAsync<ServiceReportView>(HttpMethod.Post, $"v1/jobs/{Uri.EscapeDataString(requestId)}/pickup", new PickupBody(code), cancellationToken);

    /// <summary>A statement about a disputed job, for the settler's operator.</summary>
    public Task<ServiceReportView> StatementAsync(string requestId, string statement, CancellationToken cancellationToken = default) =>
        SendAsync<ServiceReportView>(HttpMethod.Post, $"v1/jobs/{Uri.EscapeDataString(requestId)}/statement", new StatementBody(statement), cancellationToken);

    public Task<WorkView> WorkAsync(WorkBody body, CancellationToken cancellationToken = default) =>
        SendAsync<WorkView>(HttpMethod.Put, "v1/work", body, cancellationToken);

    public Task<WorkStopped> StopWorkAsync(CancellationToken cancellationToken = default) =>
        SendAsync<WorkStopped>(HttpMethod.Delete, "v1/work", null, cancellationToken);

    public Task<EventsView> EventsAsync(long after = 0, int waitSeconds = 0, CancellationToken cancellationToken = default) =>
        SendAsync<EventsView>(HttpMethod.Get, $"v1/events?after={after}&wait={waitSeconds}", null, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ControlApi.Json);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ControlClientException($"cannot reach the node at {Node}: {e.Message}", inner: e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new ControlClientException($"the node answered {(int)response.StatusCode}: {ErrorOf(text)}", (int)response.StatusCode);
            try
            {
                return JsonSerializer.Deserialize<T>(text, ControlApi.Json) ?? throw new JsonException("null");
            }
            catch (JsonException e)
            {
                throw new ControlClientException($"the node at {Node} answered something that is not its control API: {e.Message}", inner: e);
            }
        }
    }

    private static string ErrorOf(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<ErrorView>(text, ControlApi.Json)?.Error ?? text;
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }
}
