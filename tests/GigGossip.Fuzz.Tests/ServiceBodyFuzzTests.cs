using System.Net.Http.Json;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Settler;
using GigGossip.Settler.Http;
using GigGossip.Wallet;
using GigGossip.Wallet.Auth;
using GigGossip.Wallet.Http;

namespace GigGossip.Fuzz.Tests;

/// <summary>The wallet and settler services on Kestrel (port 0) get mutated request bodies: 4xx with a JSON error, never 500, nothing changed.</summary>
public sealed class ServiceBodyFuzzTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _directory = Directory.CreateTempSubdirectory("giggossip-http-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Wallet_answers_mutated_bodies_with_4xx_and_changes_nothing()
    {
        await using var server = await WalletServer.StartAsync(new WalletServerOptions
        {
            LedgerPath = Path.Combine(_directory, "wallet.db"),
            AdminTokenFile = Path.Combine(_directory, "wallet.token"),
        }, Ct);
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var payer = SecretKey.Generate();
        var payee = SecretKey.Generate();
        server.Wallet.OpenAccount(payer.PublicKey.ToHex());
        server.Wallet.Fund(payer.PublicKey.ToHex(), 1_000_000_000);
        var payeeWallet = server.Wallet.OpenAccount(payee.PublicKey.ToHex());
        var token = await SessionAsync(http, payer);
        Task<string> Ledger() => Task.FromResult(Snapshot(server.Wallet.Audit().Totals));

        var preimage = new byte[32];
        var invoice = await payeeWallet.CreateInvoiceAsync(new HodlInvoiceRequest(PaymentHash.Of(Preimage.FromBytes(preimage)), 5_000, "fuzz", 3_600, 18), Ct);
        var challenge = await http.GetFromJsonAsync<ChallengeJson>("v1/auth/challenge", GigGossip.Http.ServiceJson.Options, Ct);
        var signature = WalletSessionProof.Sign(payee, Convert.FromHexString(challenge!.NodeId), Convert.FromHexString(challenge.Nonce));
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/auth/session",
            $"{{\"account\":\"{payee.PublicKey.ToHex()}\",\"nonce\":\"{challenge.Nonce}\",\"signature\":\"{Convert.ToHexStringLower(signature)}\"}}", null, Ledger);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/invoices",
            $"{{\"paymentHash\":\"{new string('7', 64)}\",\"amountMsat\":1000,\"description\":\"ride\",\"expirySeconds\":600,\"minFinalCltvExpiryDelta\":18}}", token, Ledger);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/watches", $"{{\"bolt11\":\"{invoice.Bolt11}\"}}", token, Ledger);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/payments",
            $"{{\"bolt11\":\"{invoice.Bolt11}\",\"holdUntil\":{DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeMilliseconds()}}}", token, Ledger);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, $"v1/invoices/{new string('7', 64)}/settle", $"{{\"preimage\":\"{new string('0', 64)}\"}}", token, Ledger);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/admin/fund", $"{{\"account\":\"{payee.PublicKey.ToHex()}\",\"amountMsat\":5}}", server.AdminToken, Ledger);
        Assert.True(server.Wallet.Audit().Balanced);
    }

    [Fact]
    public async Task Settler_answers_mutated_bodies_with_4xx_and_changes_nothing()
    {
        using var ledger = new LedgerWallet(HodlLedger.OpenInMemory(DateTimeOffset.UtcNow), TimeProvider.System);
        await using var server = await SettlerServer.StartAsync(new SettlerServerOptions
        {
            Database = Path.Combine(_directory, "settler.db"),
            AdminTokenFile = Path.Combine(_directory, "settler.token"),
            Wallet = key => ledger.OpenAccount(key.PublicKey.ToHex()),
        }, Ct);
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var sender = SecretKey.Generate();
        var driver = SecretKey.Generate();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await server.Host.RegisterAsync(SubjectProof.Create(SubjectAction.Register, sender, server.Host.PublicKey, now), Ct);
        var certificate = await server.Host.IssueCertificateAsync(sender.PublicKey, Ct);
        var topic = new Topic { Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = "r3gx2u9", PickupAfterUnixMs = now, PickupBeforeUnixMs = now + 600_000, DistanceM = 3_000 } };
        var signedRequest = SignedRequests.Create(topic, certificate, sender, now + 600_000);
        var request = Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(signedRequest));
        var replyHashBody = System.Text.Json.JsonSerializer.Serialize(SettlerWire.Write(GigGossip.Protocol.Engine.ReplyPaymentHashRequest.Create(signedRequest, certificate, sender, now)),
            GigGossip.Http.ServiceJson.Options);
        var oneTimeBody = System.Text.Json.JsonSerializer.Serialize(SettlerWire.Write(GigGossip.Protocol.Engine.OneTimeCertificatesRequest.Create(
            sender, certificate, server.Host.PublicKey, [SecretKey.Generate().PublicKey, SecretKey.Generate().PublicKey], now)), GigGossip.Http.ServiceJson.Options);
        async Task<string> State()
        {
            var state = await server.Host.ExportAsync(Ct);
            return $"{Snapshot(ledger.Audit().Totals)} replies {state.Replies.Count} jobs {string.Join(",", state.Jobs.Select(j => $"{j.State}{j.KeyRevealed}"))} " +
                $"one-time {await OneTimeCertificatesAsync(Path.Combine(_directory, "settler.db"))}";
        }
        var proof = SubjectProof.Create(SubjectAction.Register, driver, server.Host.PublicKey, now);
        var proofJson = $"{{\"publicKey\":\"{driver.PublicKey.ToHex()}\",\"timestampUnixMs\":{now},\"signature\":\"{Convert.ToHexStringLower(proof.Signature)}\"}}";
        var hash = new string('5', 64);
        var signature = new string('6', 128);

        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/subjects", proofJson, null, State);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/certificates", proofJson, null, State);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/reply-payment-hash", replyHashBody, null, State);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/one-time-certificates", oneTimeBody, null, State);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/settlement-promise",
            $"{{\"signedRequest\":\"{request}\",\"replier\":\"{driver.PublicKey.ToHex()}\",\"replyPayload\":\"AAEC\",\"replyInvoice\":\"lnbcrt1\"}}", null, State);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/key-reveal", $"{{\"networkPaymentHash\":\"{hash}\",\"signature\":\"{signature}\",\"timestampUnixMs\":{now},\"nonce\":\"{new string('7', 32)}\"}}", null, State);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/job-report", $"{{\"networkPaymentHash\":\"{hash}\",\"outcome\":\"Done\",\"signature\":\"{signature}\"}}", null, State);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/admin/grants", $"{{\"subject\":\"{sender.PublicKey.ToHex()}\",\"property\":\"driving_licence\",\"value\":\"01\"}}", server.AdminToken, State);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/admin/revocations", $"{{\"serial\":\"{new string('0', 32)}\"}}", server.AdminToken, State);
    }

    /// <summary>How many one-time certificates the settler has saved (read beside the running service).</summary>
    private static async Task<long> OneTimeCertificatesAsync(string database)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM one_time_certificates";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<string> SessionAsync(HttpClient http, SecretKey account)
    {
        var challenge = await http.GetFromJsonAsync<ChallengeJson>("v1/auth/challenge", GigGossip.Http.ServiceJson.Options, Ct);
        var signature = WalletSessionProof.Sign(account, Convert.FromHexString(challenge!.NodeId), Convert.FromHexString(challenge.Nonce));
        using var response = await http.PostAsJsonAsync("v1/auth/session", new SessionRequest(account.PublicKey.ToHex(), challenge.Nonce, Convert.ToHexStringLower(signature)),
            GigGossip.Http.ServiceJson.Options, Ct);
        return (await response.Content.ReadFromJsonAsync<SessionJson>(GigGossip.Http.ServiceJson.Options, Ct))!.Token;
    }

    private static string Snapshot(LedgerTotals t) =>
        $"{t.MintedMsat}/{t.AccountsMsat}/{t.HeldMsat}/{t.Accounts}/{t.Movements}/{string.Join(",", t.Invoices.OrderBy(i => i.Key).Select(i => $"{i.Key}:{i.Value}"))}";
}
