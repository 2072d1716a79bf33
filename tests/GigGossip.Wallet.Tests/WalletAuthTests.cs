using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Wallet.Auth;
using GigGossip.Wallet.Http;
using GigGossip.Wallet.Tests.Support;

namespace GigGossip.Wallet.Tests;

/// <summary>Accounts prove their key by signing a one-time challenge; sessions expire; nothing else gets in.</summary>
public sealed class WalletAuthTests : IAsyncLifetime
{
    private HttpWorld _world = null!;
    private RawHttp _http = null!;
    private readonly SecretKey _key = SecretKey.Generate();

    public async ValueTask InitializeAsync()
    {
        _world = await HttpWorld.StartAsync(sessionLifetime: TimeSpan.FromMinutes(10));
        _http = new RawHttp(_world.Server.BaseUri);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _world.DisposeAsync();
    }

    private async Task<ChallengeJson> ChallengeAsync() =>
        await RawHttp.ReadAsync<ChallengeJson>(await _http.SendAsync(HttpMethod.Get, "v1/auth/challenge"));

    private static SessionRequest Proof(SecretKey key, ChallengeJson challenge, SecretKey? signer = null) => new(
        key.PublicKey.ToHex(), challenge.Nonce,
        Convert.ToHexStringLower(WalletSessionProof.Sign(signer ?? key, Convert.FromHexString(challenge.NodeId), Convert.FromHexString(challenge.Nonce))));

    private async Task<string> SessionAsync()
    {
        var response = await _http.PostJsonAsync("v1/auth/session", Proof(_key, await ChallengeAsync()));
        return (await RawHttp.ReadAsync<SessionJson>(response)).Token;
    }

    [Fact]
    public async Task Signed_challenge_opens_a_session_for_the_key_account()
    {
        var response = await _http.PostJsonAsync("v1/auth/session", Proof(_key, await ChallengeAsync()));
        var session = await RawHttp.ReadAsync<SessionJson>(response);

        Assert.Equal(_key.PublicKey.ToHex(), session.Account);
        var balance = await RawHttp.ReadAsync<BalanceJson>(await _http.SendAsync(HttpMethod.Get, "v1/balance", bearer: session.Token));
        Assert.Equal((_key.PublicKey.ToHex(), 0L), (balance.Account, balance.BalanceMsat));
    }

    [Fact]
    public async Task Replayed_proof_is_refused()
    {
        var proof = Proof(_key, await ChallengeAsync());
        Assert.True((await _http.PostJsonAsync("v1/auth/session", proof)).IsSuccessStatusCode);

        var problem = await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/auth/session", proof), 401);
        Assert.Contains("already used", problem.Message);
    }

    [Fact]
    public async Task Proof_after_the_challenge_expired_is_refused()
    {
        var challenge = await ChallengeAsync();
        _world.Time.Advance(TimeSpan.FromMinutes(2));

        var problem = await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/auth/session", Proof(_key, challenge)), 401);
        Assert.Contains("expired", problem.Message);
    }

    [Fact]
    public async Task Proof_signed_by_another_key_is_refused()
    {
        var problem = await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/auth/session", Proof(_key, await ChallengeAsync(), signer: SecretKey.Generate())), 401);
        Assert.Contains("signature", problem.Message);
    }

    [Fact]
    public async Task Proof_for_another_wallet_is_refused()
    {
        var challenge = await ChallengeAsync();
        var otherWallet = challenge with { NodeId = "02" + Convert.ToHexStringLower(SecretKey.Generate().PublicKey.Bytes) };

        await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/auth/session", Proof(_key, otherWallet) with { Nonce = challenge.Nonce }), 401);
    }

    [Fact]
    public async Task Calls_without_a_live_session_are_refused()
    {
        await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Get, "v1/balance"), 401);
        await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Get, "v1/balance", bearer: "made-up"), 401);
        await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Get, "v1/events"), 401);
        var token = await SessionAsync();
        Assert.True((await _http.SendAsync(HttpMethod.Get, "v1/balance", bearer: token)).IsSuccessStatusCode);

        _world.Time.Advance(TimeSpan.FromMinutes(10));

        var problem = await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Get, "v1/balance", bearer: token), 401);
        Assert.Contains("expired", problem.Message);
    }

    [Fact]
    public async Task Client_signs_a_new_challenge_when_its_session_expires()
    {
        var client = _world.Client(_key);
        await _world.Admin.FundAsync(client.AccountId, 5_000, TestContext.Current.CancellationToken);
        Assert.Equal(5_000, await client.GetBalanceAsync(TestContext.Current.CancellationToken));

        _world.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(5_000, await client.GetBalanceAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Client_of_an_unreachable_wallet_says_so()
    {
        var port = _world.Server.BaseUri.Port;
        await _world.DisposeAsync();
        _world = await HttpWorld.StartAsync();
        using var client = new Client.WalletHttpClient(new Uri($"http://127.0.0.1:{port}/"), _key);

        var refused = await Assert.ThrowsAsync<WalletException>(() => client.GetBalanceAsync(TestContext.Current.CancellationToken));
        Assert.Equal(WalletError.Unreachable, refused.Error);
    }
}
