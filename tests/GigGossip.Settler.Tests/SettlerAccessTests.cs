using GigGossip.Protocol.Frames;
using GigGossip.Settler.Client;
using GigGossip.Settler.Tests.Support;

namespace GigGossip.Settler.Tests;

/// <summary>Only the operator grants and revokes: a caller without the admin token is refused and changes nothing; the token file is the owner's only.</summary>
public sealed class SettlerAccessTests : IAsyncLifetime
{
    private SettlerWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await SettlerWorld.StartAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Grant_and_revoke_by_a_caller_without_the_admin_token_are_refused_and_change_nothing()
    {
        var (_, driver) = await _world.CertifyAsync();
        var serial = driver.ReadCertificate().Serial.ToByteArray();
        using var intruder = new SettlerAdminClient(_world.Server.BaseUri, new string('0', 64));

        var grant = await Assert.ThrowsAsync<SettlerServiceException>(() => intruder.GrantAsync(_world.DriverKey.PublicKey, "taxi_licence", [1], Ct));
        var revoke = await Assert.ThrowsAsync<SettlerServiceException>(() => intruder.RevokeAsync(serial, Ct));

        Assert.Equal((403, 403), (grant.Status, revoke.Status));
        Assert.False((await _world.Settler.RequestCertificateAsync(_world.DriverKey, _world.NowMs, Ct)).ReadCertificate().Properties.ContainsKey("taxi_licence"));
        Assert.Empty((await _world.Settler.GetRevocationListAsync(Ct)).ReadRevocationList().RevokedSerials);
        await _world.Admin.RevokeAsync(serial, Ct);
        Assert.Equal(serial, Assert.Single((await _world.Settler.GetRevocationListAsync(Ct)).ReadRevocationList().RevokedSerials).ToByteArray());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Admin_token_file_is_created_owner_only()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_world.AdminTokenFile));
        Assert.Equal(_world.Server.AdminToken, File.ReadAllText(_world.AdminTokenFile).Trim());
    }
}
