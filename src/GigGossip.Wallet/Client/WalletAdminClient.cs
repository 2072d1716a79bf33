using System.Net.Http.Json;
using GigGossip.Http;
using GigGossip.Wallet.Http;

namespace GigGossip.Wallet.Client;

/// <summary>The operator's side of a <see cref="WalletServer"/>: fund accounts, read balances, audit the ledger (admin token).</summary>
public sealed class WalletAdminClient(Uri baseUri, string adminToken, HttpClient? http = null) : IDisposable
{
    private readonly HttpClient _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    private readonly bool _ownsHttp = http is null;
    private readonly Uri _base = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");

    /// <summary>Moves new money to the account (an x-only public key, hex), opening it if new; returns its balance.</summary>
    public async Task<long> FundAsync(string account, long amountMsat, CancellationToken cancellationToken = default) =>
        (await SendAsync<BalanceJson>(HttpMethod.Post, "v1/admin/fund", new FundRequest(account, amountMsat), cancellationToken)).BalanceMsat;

    public async Task<long> GetBalanceAsync(string account, CancellationToken cancellationToken = default) =>
        (await SendAsync<BalanceJson>(HttpMethod.Get, $"v1/admin/balances/{Uri.EscapeDataString(account)}", null, cancellationToken)).BalanceMsat;

    public Task<AuditJson> AuditAsync(CancellationToken cancellationToken = default) =>
        SendAsync<AuditJson>(HttpMethod.Get, "v1/admin/audit", null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) where T : class
    {
        var request = new HttpRequestMessage(method, new Uri(_base, path));
        request.Headers.Authorization = new("Bearer", adminToken);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ServiceJson.Options);
        using var response = await WalletHttpErrors.SendAsync(_http, request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await WalletHttpErrors.ThrowIfRefusedAsync(response, cancellationToken);
        return await WalletHttpErrors.ReadAsync<T>(response, cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
