using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using static GigGossip.Protocol.Tests.Certificates.CertificateFixture;

namespace GigGossip.Protocol.Tests.Certificates;

public class TrustedSettlersTests
{
    [Fact]
    public void Newer_revocation_list_replaces_the_old_one()
    {
        var serial = CertificateIssuer.NewSerial();
        var before = TrustingWithEmptyList();
        var after = before.With(before.Find(Settler.PublicKey)!.WithRevocationList(List(serial)));
        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(Issue(serial), before, Inside));
        Assert.Equal(CertificateVerdict.Revoked, CertificateVerifier.Verify(Issue(serial), after, Inside));
        Assert.Single(after.All);
    }

    [Fact]
    public void Another_settler_can_be_added()
    {
        var other = SecretKey.Generate();
        var trusted = TrustingWithEmptyList().With(new TrustedSettler(other.PublicKey, "https://other.example"));
        Assert.Equal(2, trusted.All.Count);
        Assert.Null(trusted.Find(Driver.PublicKey));
        Assert.Equal("https://other.example", trusted.Find(other.PublicKey)!.Uri);
    }

    [Fact]
    public void Same_settler_listed_twice_is_refused()
    {
        var settler = new TrustedSettler(Settler.PublicKey, SettlerUri);
        Assert.Throws<ArgumentException>(() => new TrustedSettlers([settler, settler]));
    }

    [Fact]
    public void Negative_revocation_list_age_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrustedSettlers([], TimeSpan.FromSeconds(-1)));
    }
}
