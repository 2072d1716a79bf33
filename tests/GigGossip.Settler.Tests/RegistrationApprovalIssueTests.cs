using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Client;
using GigGossip.Settler.Tests.Support;

namespace GigGossip.Settler.Tests;

/// <summary>
/// Cheat 9 ("certificates that mean nothing") on the operator's own path: under the approval registration policy the
/// admin issue call (POST /v1/admin/certificates) refuses a registered subject the operator has not approved, so no
/// certificate exists outside the approved list; under the open policy it issues as before.
/// </summary>
public sealed class RegistrationApprovalIssueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Operator_issue_under_approval_refuses_an_unapproved_subject_until_it_is_approved()
    {
        await using var world = await SettlerWorld.StartAsync(policy: new SettlerPolicy { Registration = RegistrationPolicy.Approval });
        var stranger = SecretKey.Generate();
        await world.Settler.RegisterAsync(stranger, world.NowMs, Ct);
        await world.Admin.GrantAsync(stranger.PublicKey, "driving_licence", cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<SettlerServiceException>(() => world.Admin.IssueAsync(stranger.PublicKey, Ct));
        Assert.Equal(403, refused.Status);
        Assert.Contains("not approved", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);

        await world.Admin.ApproveAsync(stranger.PublicKey, Ct);
        var certificate = (await world.Admin.IssueAsync(stranger.PublicKey, Ct)).ReadCertificate();
        Assert.Equal(stranger.PublicKey.Bytes.ToArray(), certificate.SubjectPublicKey.ToByteArray());
        Assert.True(certificate.HasProperty("driving_licence"));
    }

    [Fact]
    public async Task Operator_issue_under_the_open_policy_needs_no_approval()
    {
        await using var world = await SettlerWorld.StartAsync();
        var subject = SecretKey.Generate();
        await world.Settler.RegisterAsync(subject, world.NowMs, Ct);

        var certificate = (await world.Admin.IssueAsync(subject.PublicKey, Ct)).ReadCertificate();

        Assert.Equal(subject.PublicKey.Bytes.ToArray(), certificate.SubjectPublicKey.ToByteArray());
    }
}
