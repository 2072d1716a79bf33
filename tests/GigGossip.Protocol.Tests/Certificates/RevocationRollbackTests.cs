using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Frames;
using static GigGossip.Protocol.Tests.Certificates.CertificateFixture;

namespace GigGossip.Protocol.Tests.Certificates;

/// <summary>
/// Money rule "monotonic revocation lists": a revoked driver who replays the settler's older (still validly signed,
/// still fresh) list to a node cannot get its certificate un-revoked.
/// </summary>
public class RevocationRollbackTests
{
    [Fact]
    public void Older_valid_list_does_not_roll_back_a_newer_one()
    {
        var serial = CertificateIssuer.NewSerial();
        var older = CertificateIssuer.SignRevocationList(Settler, [], Inside.AddHours(-2), Inside.AddHours(20));
        var newer = CertificateIssuer.SignRevocationList(Settler, [serial], Inside.AddHours(-1), Inside.AddHours(20));
        var trusted = new TrustedSettlers([new TrustedSettler(Settler.PublicKey, SettlerUri, newer)]);

        var replayed = trusted.With(new TrustedSettler(Settler.PublicKey, SettlerUri, older));

        Assert.Equal(CertificateVerdict.Revoked, CertificateVerifier.Verify(Issue(serial), replayed, Inside));
        Assert.Same(newer, Assert.Single(replayed.All).RevocationList);
    }

    [Fact]
    public void List_that_does_not_verify_does_not_replace_a_valid_one()
    {
        var serial = CertificateIssuer.NewSerial();
        var valid = CertificateIssuer.SignRevocationList(Settler, [serial], Inside.AddHours(-1), Inside.AddHours(20));
        var forged = CertificateIssuer.SignRevocationList(Driver, [], Inside, Inside.AddHours(20));
        var trusted = new TrustedSettlers([new TrustedSettler(Settler.PublicKey, SettlerUri, valid)]);

        var replaced = trusted.With(new TrustedSettler(Settler.PublicKey, SettlerUri, forged));

        Assert.Equal(CertificateVerdict.Revoked, CertificateVerifier.Verify(Issue(serial), replaced, Inside));
    }

    [Fact]
    public void Newer_list_still_replaces_an_older_one()
    {
        var serial = CertificateIssuer.NewSerial();
        var older = CertificateIssuer.SignRevocationList(Settler, [], Inside.AddHours(-2), Inside.AddHours(20));
        var newer = CertificateIssuer.SignRevocationList(Settler, [serial], Inside.AddHours(-1), Inside.AddHours(20));
        var trusted = new TrustedSettlers([new TrustedSettler(Settler.PublicKey, SettlerUri, older)]);

        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(Issue(serial), trusted, Inside));
        Assert.Equal(CertificateVerdict.Revoked, CertificateVerifier.Verify(Issue(serial), trusted.With(new TrustedSettler(Settler.PublicKey, SettlerUri, newer)), Inside));
    }
}
