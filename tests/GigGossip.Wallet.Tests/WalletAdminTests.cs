using GigGossip.Hosting;
using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Wallet.Http;
using GigGossip.Wallet.Tests.Support;

namespace GigGossip.Wallet.Tests;

/// <summary>Funding and auditing are the operator's, behind the token in an owner-only file.</summary>
public sealed class WalletAdminTests : IAsyncLifetime
{
    private HttpWorld _world = null!;
    private RawHttp _http = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await HttpWorld.StartAsync();
        _http = new RawHttp(_world.Server.BaseUri);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _world.DisposeAsync();
    }

    private static readonly FundRequest Fund = new(SecretKey.Generate().PublicKey.ToHex(), 1_000);

    [Fact]
    public async Task Funding_without_the_admin_token_is_refused()
    {
        await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/admin/fund", Fund), 401);
        await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/admin/fund", Fund, bearer: "0123"), 403);
        await RawHttp.ProblemAsync(await _http.SendAsync(HttpMethod.Get, "v1/admin/audit"), 401);
        Assert.Equal(0, _world.Audit().Totals.MintedMsat);
    }

    [Fact]
    public async Task A_session_token_is_not_an_admin_token()
    {
        var client = _world.Client(SecretKey.Generate());
        var token = await client.SessionTokenAsync(TestContext.Current.CancellationToken);

        await RawHttp.ProblemAsync(await _http.PostJsonAsync("v1/admin/fund", Fund, bearer: token), 403);
    }

    [Fact]
    public async Task Operator_funds_an_account_and_audits_the_ledger()
    {
        var ct = TestContext.Current.CancellationToken;
        var account = SecretKey.Generate().PublicKey.ToHex();
        Assert.Equal(7_000, await _world.Admin.FundAsync(account, 7_000, ct));
        Assert.Equal(7_000, await _world.Admin.GetBalanceAsync(account, ct));

        var audit = await _world.Admin.AuditAsync(ct);
        Assert.True(audit.Balanced);
        Assert.Equal((7_000L, 7_000L, 0L), (audit.MintedMsat, audit.AccountsMsat, audit.HeldMsat));
        var refused = await Assert.ThrowsAsync<WalletException>(() => _world.Admin.FundAsync(account, -5, ct));
        Assert.Equal(WalletError.InvalidAmount, refused.Error);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Admin_token_file_is_created_owner_only()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_world.AdminTokenFile));
        Assert.Equal(_world.Server.AdminToken, File.ReadAllText(_world.AdminTokenFile).Trim());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Wallet_refuses_to_start_with_an_admin_token_file_others_can_read()
    {
        using var dir = new TempDir();
        var path = dir.File("admin.token");
        await File.WriteAllTextAsync(path, new string('a', 64), TestContext.Current.CancellationToken);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var refused = await Assert.ThrowsAsync<KeyFileException>(() =>
            WalletServer.StartAsync(new WalletServerOptions { AdminTokenFile = path, Logging = _ => { } }, TestContext.Current.CancellationToken));
        Assert.Contains("chmod 600", refused.Message);
    }
}
