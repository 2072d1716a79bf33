using System.Net;
using System.Net.Http.Json;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Wallet.Http;

namespace GigGossip.Wallet.Client;

/// <summary>
/// One account of a <see cref="WalletServer"/> over HTTP, as an <see cref="IHodlWallet"/>: node and settler hosts
/// use it exactly as they use the in-process ledger. The account is the key's x-only public key; the client signs
/// a challenge for a session on first use and again whenever the session expires. Refusals throw
/// <see cref="WalletException"/> with the server's <see cref="WalletError"/>; a failed connection throws it with
/// <see cref="WalletError.Unreachable"/>.
/// </summary>
public sealed partial class WalletHttpClient : IInvoiceWatchingWallet, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly SecretKey _key;
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private readonly Lock _gate = new();
    private string? _token;
    private Task _subscribed = Task.CompletedTask;

    /// <param name="baseUri">The wallet service, e.g. <see cref="WalletServer.BaseUri"/>.</param>
    /// <param name="accountKey">The account's key; the account id is its public key in hex.</param>
    /// <param name="http">A client to share (its BaseAddress is ignored); by default the wallet client makes its own.</param>
    public WalletHttpClient(Uri baseUri, SecretKey accountKey, HttpClient? http = null)
    {
        BaseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _key = accountKey;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        AccountId = accountKey.PublicKey.ToHex();
    }

    public Uri BaseUri { get; }

    public string AccountId { get; }

    public async Task<long> GetBalanceAsync(CancellationToken cancellationToken = default)
    {
        await AfterSubscriptions(cancellationToken);
        return (await SendAsync<BalanceJson>(HttpMethod.Get, "v1/balance", null, cancellationToken))!.BalanceMsat;
    }

    public async Task<HodlInvoice> CreateInvoiceAsync(HodlInvoiceRequest request, CancellationToken cancellationToken = default)
    {
        await AfterSubscriptions(cancellationToken);
        var body = new CreateInvoiceRequest(request.PaymentHash.ToHex(), request.AmountMsat, request.Description, request.ExpirySeconds, request.MinFinalCltvExpiryDelta);
        return Convert(await SendAsync<InvoiceJson>(HttpMethod.Post, "v1/invoices", body, cancellationToken), j => j!.ToInvoice());
    }

    public async Task<HodlPayment> PayAsync(string bolt11, DateTimeOffset? holdUntil = null, CancellationToken cancellationToken = default)
    {
        await AfterSubscriptions(cancellationToken);
        var body = new PayRequest(bolt11, holdUntil?.ToUnixTimeMilliseconds());
        return Convert(await SendAsync<PaymentJson>(HttpMethod.Post, "v1/payments", body, cancellationToken), j => j!.ToPayment());
    }

    public async Task<HodlInvoice> SettleAsync(PaymentHash paymentHash, Preimage preimage, CancellationToken cancellationToken = default)
    {
        await AfterSubscriptions(cancellationToken);
        var body = new SettleRequest(preimage.ToHex());
        return Convert(await SendAsync<InvoiceJson>(HttpMethod.Post, $"v1/invoices/{paymentHash.ToHex()}/settle", body, cancellationToken), j => j!.ToInvoice());
    }

    public async Task<HodlInvoice> CancelAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default)
    {
        await AfterSubscriptions(cancellationToken);
        return Convert(await SendAsync<InvoiceJson>(HttpMethod.Post, $"v1/invoices/{paymentHash.ToHex()}/cancel", null, cancellationToken), j => j!.ToInvoice());
    }

    public async Task<HodlInvoice?> GetInvoiceAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default)
    {
        await AfterSubscriptions(cancellationToken);
        return Convert(await SendAsync<InvoiceJson>(HttpMethod.Get, $"v1/invoices/{paymentHash.ToHex()}", null, cancellationToken, notFoundIsNull: true), j => j?.ToInvoice());
    }

    public async Task<HodlPayment?> GetPaymentAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default)
    {
        await AfterSubscriptions(cancellationToken);
        return Convert(await SendAsync<PaymentJson>(HttpMethod.Get, $"v1/payments/{paymentHash.ToHex()}", null, cancellationToken, notFoundIsNull: true), j => j?.ToPayment());
    }

    public async Task<InvoiceStatus> WatchInvoiceAsync(string bolt11, CancellationToken cancellationToken = default)
    {
        await AfterSubscriptions(cancellationToken);
        return Convert(await SendAsync<InvoiceStatusJson>(HttpMethod.Post, "v1/watches", new WatchRequest(bolt11), cancellationToken), j => j!.ToStatus());
    }

    /// <summary>The current session token, signing a challenge for one if needed (tests use it to make raw requests).</summary>
    internal async Task<string> SessionTokenAsync(CancellationToken cancellationToken) => _token ?? await NewSessionAsync(null, cancellationToken);

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
        _authLock.Dispose();
    }

    /// <summary>
    /// Every call waits until every event stream opened before them is live, so a caller that opens
    /// <see cref="WatchAsync"/> and then pays sees the payment's events (as in process).
    /// </summary>
    private Task AfterSubscriptions(CancellationToken cancellationToken)
    {
        lock (_gate) return _subscribed.WaitAsync(cancellationToken);
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, bool notFoundIsNull = false) where T : class
    {
        using var response = await SendAuthorizedAsync(method, path, body, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound) return null;
        await WalletHttpErrors.ThrowIfRefusedAsync(response, cancellationToken);
        return await WalletHttpErrors.ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>Sends with the session token, signing a new challenge first if there is none or the server forgot it.</summary>
    private async Task<HttpResponseMessage> SendAuthorizedAsync(HttpMethod method, string path, object? body, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var token = _token ?? await NewSessionAsync(null, cancellationToken);
        var response = await WalletHttpErrors.SendAsync(_http, Request(method, path, body, token), completion, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        response.Dispose();
        token = await NewSessionAsync(token, cancellationToken);
        return await WalletHttpErrors.SendAsync(_http, Request(method, path, body, token), completion, cancellationToken);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, object? body, string? token)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseUri, path));
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: GigGossip.Http.ServiceJson.Options);
        return request;
    }

    private async Task<string> NewSessionAsync(string? stale, CancellationToken cancellationToken)
    {
        await _authLock.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && _token != stale) return _token;
            var challenge = await ChallengeAsync(cancellationToken);
            var nonce = System.Convert.FromHexString(challenge.Nonce);
            var signature = Auth.WalletSessionProof.Sign(_key, System.Convert.FromHexString(challenge.NodeId), nonce);
            var session = await GetJsonAsync<SessionJson>(Request(HttpMethod.Post, "v1/auth/session",
                new SessionRequest(AccountId, challenge.Nonce, System.Convert.ToHexStringLower(signature)), null), cancellationToken);
            return _token = session.Token;
        }
        catch (FormatException e)
        {
            throw new WalletException(WalletError.Unreachable, $"the wallet at {BaseUri} sent a malformed challenge: {e.Message}");
        }
        finally
        {
            _authLock.Release();
        }
    }

    /// <summary>
    /// A challenge to sign. A wallet that says 429 (this address has too many unanswered challenges, e.g. someone
    /// floods it from the same address) is asked again after its Retry-After, within <see cref="ChallengeBackoff"/>, up to
    /// <see cref="ChallengeBackoff"/>'s total wait; only then does the caller get the refusal.
    /// </summary>
    private async Task<ChallengeJson> ChallengeAsync(CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            var response = await WalletHttpErrors.SendAsync(_http, Request(HttpMethod.Get, "v1/auth/challenge", null, null), HttpCompletionOption.ResponseContentRead, cancellationToken);
            using (response)
            {
                if (response.StatusCode != HttpStatusCode.TooManyRequests || waited >= ChallengeBackoff.GiveUpAfter)
                {
                    await WalletHttpErrors.ThrowIfRefusedAsync(response, cancellationToken);
                    return await WalletHttpErrors.ReadAsync<ChallengeJson>(response, cancellationToken);
                }
                var delay = ChallengeBackoff.Delay(attempt, response.Headers.RetryAfter?.Delta);
                await Task.Delay(delay, cancellationToken);
                waited += delay;
            }
        }
    }

    /// <summary>How long to wait between challenge attempts the wallet answered 429, and when to give up.</summary>
    internal ChallengeRetry ChallengeBackoff { get; set; } = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2));

    private async Task<T> GetJsonAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken) where T : class
    {
        using var response = await WalletHttpErrors.SendAsync(_http, request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await WalletHttpErrors.ThrowIfRefusedAsync(response, cancellationToken);
        return await WalletHttpErrors.ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>Server data that does not parse (a bad hash) is the server's fault: <see cref="WalletError.Unreachable"/>.</summary>
    private TResult Convert<TJson, TResult>(TJson json, Func<TJson, TResult> convert)
    {
        try
        {
            return convert(json);
        }
        catch (ArgumentException e)
        {
            throw new WalletException(WalletError.Unreachable, $"the wallet at {BaseUri} answered nonsense: {e.Message}");
        }
    }
}
