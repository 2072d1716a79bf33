using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Wallet.Auth;
using GigGossip.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Wallet.Http;

/// <summary>
/// The account API. An account is an x-only public key (hex). It gets a session by signing a challenge
/// (<see cref="WalletSessionProof"/>): GET /v1/auth/challenge, then POST /v1/auth/session; every other call
/// sends <c>Authorization: Bearer TOKEN</c>. Payment hashes in paths are hex; bodies are JSON.
/// </summary>
internal static class WalletEndpoints
{
    public static void Map(WebApplication app, WalletService service)
    {
        app.MapGet("/v1/auth/challenge", (HttpContext context) =>
        {
            if (service.Challenges.Issue(ClientOf(context)) is not var (nonce, expiresAt))
            {
                context.Response.Headers.RetryAfter = ChallengeRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ProblemMiddleware.Result(429, "TooManyChallenges", "this client has too many unanswered challenges; answer them or wait until they expire");
            }
            return Results.Json(new ChallengeJson(Convert.ToHexStringLower(nonce), Convert.ToHexStringLower(service.Wallet.NodeId), expiresAt.ToUnixTimeMilliseconds()), ServiceJson.Options);
        }).Produces<ChallengeJson>().ProducesError(429).WithSummary("A one-time nonce to sign for a session");

        app.MapPost("/v1/auth/session", async (HttpRequest request, CancellationToken ct) =>
        {
            var body = await HttpInput.ReadJsonAsync<SessionRequest>(request, ct);
            var account = AccountKey(body.Account, "account");
            var nonce = HttpInput.Hex(body.Nonce, 32, "nonce");
            var signature = HttpInput.Hex(body.Signature, 64, "signature");
            if (!WalletSessionProof.Verify(account, service.Wallet.NodeId, nonce, signature))
                return ProblemMiddleware.Result(401, "Unauthorized", "the signature does not prove the account's key over this challenge");
            if (!service.Challenges.Consume(nonce))
                return ProblemMiddleware.Result(401, "Unauthorized", "the challenge is unknown, already used or expired; get a new one");
            service.Account(account.ToHex());
            var (token, expiresAt) = service.Sessions.Open(account.ToHex());
            return Results.Json(new SessionJson(token, account.ToHex(), expiresAt.ToUnixTimeMilliseconds()), ServiceJson.Options);
        }).Accepts<SessionRequest>("application/json").Produces<SessionJson>().ProducesError(400).ProducesError(401).WithSummary("A session for an account that signed a challenge");

        app.MapGet("/v1/balance", async (HttpRequest request, CancellationToken ct) =>
        {
            var wallet = service.Caller(request);
            return Json(new BalanceJson(wallet.AccountId, await wallet.GetBalanceAsync(ct)));
        }).Produces<BalanceJson>().ProducesError(401).WithSummary("The account's balance");

        app.MapPost("/v1/invoices", async (HttpRequest request, CancellationToken ct) =>
        {
            var wallet = service.Caller(request);
            var body = await HttpInput.ReadJsonAsync<CreateInvoiceRequest>(request, ct);
            var invoice = await wallet.CreateInvoiceAsync(new HodlInvoiceRequest(
                PaymentHash.FromBytes(HttpInput.Hex(body.PaymentHash, 32, "paymentHash")),
                HttpInput.Required(body.AmountMsat, "amountMsat"),
                body.Description ?? "",
                body.ExpirySeconds ?? Bolt11Invoice.DefaultExpirySeconds,
                body.MinFinalCltvExpiryDelta ?? (int)Bolt11Invoice.DefaultMinFinalCltvExpiryDelta), ct);
            return Json(InvoiceJson.From(invoice));
        }).Accepts<CreateInvoiceRequest>("application/json").Produces<InvoiceJson>().ProducesError(400).ProducesError(401).WithSummary("A HODL invoice on a payment hash");

        app.MapGet("/v1/invoices/{paymentHash}", async (HttpRequest request, string paymentHash, CancellationToken ct) =>
        {
            var wallet = service.Caller(request);
            return await wallet.GetInvoiceAsync(Hash(paymentHash), ct) is { } invoice
                ? Json(InvoiceJson.From(invoice))
                : ProblemMiddleware.Result(404, nameof(WalletError.UnknownInvoice), $"account {wallet.AccountId} has no invoice on payment hash {paymentHash}");
        }).Produces<InvoiceJson>().ProducesError(404).WithSummary("One of the account's invoices");

        app.MapPost("/v1/invoices/{paymentHash}/settle", async (HttpRequest request, string paymentHash, CancellationToken ct) =>
        {
            var wallet = service.Caller(request);
            var hash = Hash(paymentHash);
            var body = await HttpInput.ReadJsonAsync<SettleRequest>(request, ct);
            var settled = await wallet.SettleAsync(hash, Preimage.FromBytes(HttpInput.Hex(body.Preimage, 32, "preimage")), ct);
            CrashPoint.Reach("wallet.settled");
            return Json(InvoiceJson.From(settled));
        }).Accepts<SettleRequest>("application/json").Produces<InvoiceJson>().ProducesError(400).ProducesError(409).WithSummary("Settle an accepted invoice with its preimage");

        app.MapPost("/v1/invoices/{paymentHash}/cancel", async (HttpRequest request, string paymentHash, CancellationToken ct) =>
        {
            var wallet = service.Caller(request);
            return Json(InvoiceJson.From(await wallet.CancelAsync(Hash(paymentHash), ct)));
        }).Produces<InvoiceJson>().ProducesError(409).WithSummary("Cancel an invoice; held money flows back");

        app.MapPost("/v1/payments", async (HttpRequest request, CancellationToken ct) =>
        {
            var wallet = service.Caller(request);
            var body = await HttpInput.ReadJsonAsync<PayRequest>(request, ct);
            var holdUntil = body.HoldUntil is { } ms ? HttpInput.UnixMilliseconds(ms, "holdUntil") : (DateTimeOffset?)null;
            var payment = await wallet.PayAsync(HttpInput.Required(body.Bolt11, "bolt11"), holdUntil, ct);
            CrashPoint.Reach("wallet.paid");
            return Json(PaymentJson.From(payment));
        }).Accepts<PayRequest>("application/json").Produces<PaymentJson>().ProducesError(400).ProducesError(409).WithSummary("Pay a BOLT 11 invoice, held until settled or cancelled");

        app.MapGet("/v1/payments/{paymentHash}", async (HttpRequest request, string paymentHash, CancellationToken ct) =>
        {
            var wallet = service.Caller(request);
            return await wallet.GetPaymentAsync(Hash(paymentHash), ct) is { } payment
                ? Json(PaymentJson.From(payment))
                : ProblemMiddleware.Result(404, "UnknownPayment", $"account {wallet.AccountId} has no payment on payment hash {paymentHash}");
        }).Produces<PaymentJson>().ProducesError(404).WithSummary("One of the account's payments");

        app.MapPost("/v1/watches", async (HttpRequest request, CancellationToken ct) =>
        {
            var wallet = service.Caller(request);
            var body = await HttpInput.ReadJsonAsync<WatchRequest>(request, ct);
            return Json(InvoiceStatusJson.From(await wallet.WatchInvoiceAsync(HttpInput.Required(body.Bolt11, "bolt11"), ct)));
        }).Accepts<WatchRequest>("application/json").Produces<InvoiceStatusJson>().ProducesError(400).WithSummary("Watch another account's invoice");

        app.MapGet("/v1/events", (HttpRequest request, CancellationToken ct) =>
        {
            var wallet = service.Caller(request);
            return TypedResults.ServerSentEvents(Stream(wallet.WatchAsync(ct), ct));
        }).WithSummary("Server-sent events of the account");
    }

    /// <summary>"subscribed" first (the watch is live from then on), then every event of the account.</summary>
    private static async IAsyncEnumerable<SseItem<string>> Stream(IAsyncEnumerable<WalletEvent> events, [EnumeratorCancellation] CancellationToken ct)
    {
        yield return new SseItem<string>("{}", WalletEventJson.SubscribedType);
        await foreach (var walletEvent in events.WithCancellation(ct))
        {
            var (type, data) = WalletEventJson.From(walletEvent);
            yield return new SseItem<string>(JsonSerializer.Serialize(data, ServiceJson.Options), type);
        }
    }

    /// <summary>Seconds a client told 429 on challenges should wait.</summary>
    public const int ChallengeRetryAfterSeconds = 5;

    /// <summary>Who is asking, for per-client limits: the remote address (IPv4-mapped IPv6 as IPv4).</summary>
    internal static string ClientOf(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : "unknown";

    internal static PublicKey AccountKey(string? hex, string field)
    {
        try
        {
            return PublicKey.FromHex(HttpInput.Required(hex, field));
        }
        catch (CryptoException e)
        {
            throw new HttpInputException($"field '{field}' is not an x-only public key: {e.Message}");
        }
    }

    private static PaymentHash Hash(string hex)
    {
        try
        {
            return PaymentHash.FromHex(hex);
        }
        catch (ArgumentException e)
        {
            throw new HttpInputException($"path segment '{hex}' is not a payment hash: {e.Message}");
        }
    }

    private static IResult Json<T>(T value) => Results.Json(value, ServiceJson.Options);
}
