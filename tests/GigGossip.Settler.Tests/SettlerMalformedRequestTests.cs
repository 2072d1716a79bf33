using GigGossip.Protocol.Crypto;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;
using GigGossip.Settler.Tests.Support;

namespace GigGossip.Settler.Tests;

/// <summary>Malformed requests get a clear 400, the operator's endpoints want the admin token, subjects must prove their key.</summary>
public sealed class SettlerMalformedRequestTests : IAsyncLifetime
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

    [Theory]
    [InlineData("v1/reply-payment-hash", "{", "not the expected JSON")]
    [InlineData("v1/reply-payment-hash", "{\"replier\":\"00\"}", "'signedRequest' is missing")]
    [InlineData("v1/reply-payment-hash", "{\"signedRequest\":\"%%%\",\"replier\":\"00\"}", "'signedRequest' is not base64")]
    [InlineData("v1/reply-payment-hash", "{\"signedRequest\":\"/////w==\",\"replier\":\"00\"}", "not a valid SignedRequestPayload")]
    [InlineData("v1/reply-payment-hash", "{\"signedRequest\":\"\",\"replier\":\"0102\"}", "'replier' is not an x-only public key")]
    [InlineData("v1/settlement-promise", "{\"signedRequest\":\"\",\"replier\":\"79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798\",\"replyPayload\":\"\"}", "'replyInvoice' is missing")]
    [InlineData("v1/key-reveal", "{\"networkPaymentHash\":\"00\",\"signature\":\"00\"}", "must be 32 bytes")]
    [InlineData("v1/job-report", "{\"networkPaymentHash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"outcome\":\"Maybe\",\"signature\":\"00\"}", "not the expected JSON")]
    [InlineData("v1/job-report", "{\"networkPaymentHash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"signature\":\"00\"}", "'outcome' must be Done or Disputed")]
    [InlineData("v1/reply-accepted", "{\"replyInvoiceHash\":\"0000000000000000000000000000000000000000000000000000000000000000\"}", "'replyPaymentHash' is missing")]
    [InlineData("v1/reply-accepted", "{\"replyPaymentHash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"replyInvoiceHash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"signature\":\"00\"}", "'holdUntilUnixMs' is missing")]
    [InlineData("v1/reply-accepted", "{\"replyPaymentHash\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"replyInvoiceHash\":\"00\",\"holdUntilUnixMs\":1}", "must be 32 bytes")]
    [InlineData("v1/subjects", "{\"publicKey\":\"79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798\"}", "'timestampUnixMs' is missing")]
    [InlineData("v1/funding-notice", "{}", "notice is required")]
    [InlineData("v1/funding-notice", "{\"notice\":\"htlc-funding:00:00:0\"}", "wallet is not on chain")]
    public async Task Malformed_call_is_a_clear_400(string path, string body, string says)
    {
        var problem = await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Post, path, body), 400);
        Assert.Contains(says, problem.Message);
    }

    [Fact]
    public async Task Preimage_of_a_bad_or_unknown_hash_is_a_400_or_404()
    {
        Assert.Contains("must be 32 bytes", (await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Get, "v1/preimages/00"), 400)).Message);
        Assert.Equal("Unknown", (await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Get, $"v1/preimages/{new string('a', 64)}"), 404)).Error);
    }

    [Fact]
    public async Task Operator_endpoints_refuse_without_the_admin_token()
    {
        var grant = new GrantRequest(_world.DriverKey.PublicKey.ToHex(), "driving_licence", null);
        await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/admin/grants", grant), 401);
        await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/admin/grants", grant, bearer: "not-the-token"), 403);
        await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/admin/revocations", new RevokeRequest(new string('0', 32))), 401);
        await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/admin/certificates", new IssueRequest(_world.DriverKey.PublicKey.ToHex())), 401);
        using var wrong = new SettlerAdminClient(_world.Server.BaseUri, "0000");
        Assert.Equal(403, (await Assert.ThrowsAsync<SettlerServiceException>(() => wrong.GrantAsync(_world.DriverKey.PublicKey, "driving_licence", cancellationToken: Ct))).Status);
    }

    [Fact]
    public async Task Grant_to_an_unregistered_subject_and_revoking_an_unknown_serial_are_refused()
    {
        var grant = await Assert.ThrowsAsync<SettlerServiceException>(() => _world.Admin.GrantAsync(SecretKey.Generate().PublicKey, "driving_licence", cancellationToken: Ct));
        Assert.Equal(400, grant.Status);
        Assert.Contains("not registered", grant.Message);
        var revoke = await Assert.ThrowsAsync<SettlerServiceException>(() => _world.Admin.RevokeAsync(new byte[16], Ct));
        Assert.Contains("no certificate with serial", revoke.Message);
    }

    [Fact]
    public async Task Subject_proof_must_be_fresh_signed_by_the_subject_and_for_this_action()
    {
        var settler = await _world.Settler.GetPublicKeyAsync(Ct);
        var key = SecretKey.Generate();
        SubjectProofJson Json(SubjectProof p) => new(p.Subject.ToHex(), p.TimestampUnixMs, Convert.ToHexStringLower(p.Signature));

        var stale = SubjectProof.Create(SubjectAction.Register, key, settler, _world.NowMs - 600_000);
        Assert.Contains("timestamp", (await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/subjects", Json(stale)), 401)).Message);
        var forged = SubjectProof.Create(SubjectAction.Register, SecretKey.Generate(), settler, _world.NowMs) with { Subject = key.PublicKey };
        Assert.Contains("signature", (await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/subjects", Json(forged)), 401)).Message);
        var otherAction = SubjectProof.Create(SubjectAction.Certificate, key, settler, _world.NowMs);
        await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/subjects", Json(otherAction)), 401);
        var unregistered = SubjectProof.Create(SubjectAction.Certificate, key, settler, _world.NowMs);
        Assert.Contains("not registered", (await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/certificates", Json(unregistered)), 400)).Message);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_settler_api()
    {
        var document = await (await _http.SendAsync(HttpMethod.Get, "openapi/v1.json")).Content.ReadAsStringAsync(Ct);
        foreach (var path in new[] { "/v1/reply-payment-hash", "/v1/settlement-promise", "/v1/key-reveal", "/v1/job-report", "/v1/preimages/{paymentHash}", "/v1/revocation-list", "/v1/one-time-certificates" })
            Assert.Contains($"\"{path}\"", document);
    }
}
