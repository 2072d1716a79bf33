using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Client;
using GigGossip.Settler.Tests.Support;

namespace GigGossip.Settler.Tests;

/// <summary>
/// Money rule "certificates carry weight": under the approval registration policy a key that registers gets no
/// certificate until the operator approves it; the approval survives a restart.
/// </summary>
public sealed class RegistrationApprovalTests : IAsyncLifetime
{
    private SettlerWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await SettlerWorld.StartAsync(policy: new SettlerPolicy { Registration = RegistrationPolicy.Approval });

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unapproved_key_gets_no_certificate_until_the_operator_approves_it()
    {
        var stranger = SecretKey.Generate();
        await _world.Settler.RegisterAsync(stranger, _world.NowMs, Ct);

        var refused = await Assert.ThrowsAsync<SettlerServiceException>(() => _world.Settler.RequestCertificateAsync(stranger, _world.NowMs, Ct));
        Assert.Equal(403, refused.Status);
        Assert.Contains("not approved", refused.Message, StringComparison.Ordinal);
        var listed = Assert.Single(await _world.Admin.SubjectsAsync(Ct));
        Assert.Equal((stranger.PublicKey.ToHex(), false), (listed.PublicKey, listed.Approved));

        Assert.True((await _world.Admin.ApproveAsync(stranger.PublicKey, Ct)).Approved);
        await _world.RestartAsync();
        var certificate = await _world.Settler.RequestCertificateAsync(stranger, _world.NowMs, Ct);

        Assert.Equal(stranger.PublicKey.Bytes.ToArray(), certificate.ReadCertificate().SubjectPublicKey.ToByteArray());
        Assert.True(Assert.Single(await _world.Admin.SubjectsAsync(Ct)).Approved);
    }

    [Fact]
    public async Task Approving_or_granting_an_unregistered_key_tells_the_operator_to_have_it_register_first()
    {
        var unknown = SecretKey.Generate().PublicKey;

        var approve = await Assert.ThrowsAsync<SettlerServiceException>(() => _world.Admin.ApproveAsync(unknown, Ct));
        var grant = await Assert.ThrowsAsync<SettlerServiceException>(() => _world.Admin.GrantAsync(unknown, "driving_licence", cancellationToken: Ct));

        Assert.Equal((400, 400), (approve.Status, grant.Status));
        Assert.Contains("registers first", approve.Message, StringComparison.Ordinal);
        Assert.Contains("registers first", grant.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subjects_list_needs_the_admin_token()
    {
        using var wrong = new SettlerAdminClient(_world.Server.BaseUri, "not-the-token");
        Assert.Equal(403, (await Assert.ThrowsAsync<SettlerServiceException>(() => wrong.SubjectsAsync(Ct))).Status);
    }
}
