using GigGossip.Protocol.Crypto;
using GigGossip.Wallet.Tests.Support;

namespace GigGossip.Wallet.Tests;

/// <summary>Bad input gets a 4xx with a one-line problem naming what is wrong, never a 500.</summary>
public sealed class WalletMalformedRequestTests : IAsyncLifetime
{
    private HttpWorld _world = null!;
    private RawHttp _http = null!;
    private string _token = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await HttpWorld.StartAsync();
        _http = new RawHttp(_world.Server.BaseUri);
        var client = _world.Client(SecretKey.Generate());
        _token = await client.SessionTokenAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _world.DisposeAsync();
    }

    [Theory]
    [InlineData("{not json", "not the expected JSON")]
    [InlineData("null", "JSON null")]
    [InlineData("{\"amountMsat\":\"many\",\"paymentHash\":\"00\"}", "not the expected JSON")]
    [InlineData("{\"amountMsat\":5}", "'paymentHash' is missing")]
    [InlineData("{\"paymentHash\":\"zz\",\"amountMsat\":5}", "'paymentHash' is not hex")]
    [InlineData("{\"paymentHash\":\"0011\",\"amountMsat\":5}", "must be 32 bytes")]
    [InlineData("{\"paymentHash\":\"0000000000000000000000000000000000000000000000000000000000000000\"}", "'amountMsat' is missing")]
    public async Task Malformed_invoice_request_is_a_clear_400(string body, string says)
    {
        var problem = await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Post, "v1/invoices", body, _token), 400);
        Assert.Contains(says, problem.Message);
    }

    [Fact]
    public async Task Body_that_is_not_json_is_refused_by_content_type()
    {
        var problem = await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Post, "v1/payments", "lnbc1", _token, "text/plain"), 415);
        Assert.Contains("must be JSON", problem.Message);
    }

    [Fact]
    public async Task Bad_payment_hash_in_the_path_is_a_400_and_an_unknown_one_a_404()
    {
        var bad = await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Get, "v1/invoices/xyz", bearer: _token), 400);
        Assert.Contains("not a payment hash", bad.Message);
        var unknown = await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Get, $"v1/invoices/{new string('1', 64)}", bearer: _token), 404);
        Assert.Equal("UnknownInvoice", unknown.Error);
        var settle = await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Post, $"v1/invoices/{new string('1', 64)}/settle", $"{{\"preimage\":\"{new string('2', 64)}\"}}", _token), 404);
        Assert.Equal("UnknownInvoice", settle.Error);
    }

    [Fact]
    public async Task Session_request_with_a_key_off_the_curve_is_a_400()
    {
        var problem = await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/auth/session",
            new { account = new string('f', 64), nonce = new string('0', 64), signature = new string('0', 128) }), 400);
        Assert.Contains("not an x-only public key", problem.Message);
    }

    [Theory]
    [InlineData(17962426242387979)]
    [InlineData(-62135596800001)]
    public async Task Hold_deadline_beyond_the_calendar_is_a_400(long holdUntil)
    {
        var problem = await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Post, "v1/payments", $"{{\"bolt11\":\"lnbc1\",\"holdUntil\":{holdUntil}}}", _token), 400);
        Assert.Contains("holdUntil", problem.Message);
    }

    [Fact]
    public async Task Oversized_body_is_refused_before_it_is_read()
    {
        var huge = "{\"bolt11\":\"" + new string('q', 2 << 20) + "\"}";
        var response = await _http.SendAsync(HttpMethod.Post, "v1/payments", huge, _token);
        await RawHttp.ProblemAsync(response, 413);
    }
}
