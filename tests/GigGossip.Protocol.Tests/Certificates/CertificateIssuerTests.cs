using Google.Protobuf;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Tests.Frames;
using static GigGossip.Protocol.Tests.Certificates.CertificateFixture;

namespace GigGossip.Protocol.Tests.Certificates;

public class CertificateIssuerTests
{
    private static readonly Dictionary<string, byte[]> NoProperties = [];

    [Fact]
    public void Issued_certificate_carries_what_the_settler_certified()
    {
        var serial = CertificateIssuer.NewSerial();
        var signed = CertificateIssuer.Issue(Settler, SettlerUri, serial, Driver.PublicKey,
            new Dictionary<string, byte[]> { ["z"] = [1], ["a"] = [2], ["B"] = [3] }, NotBefore, NotAfter);
        var certificate = signed.ReadCertificate();
        Assert.Equal(serial, certificate.Serial);
        Assert.Equal(Driver.PublicKey.Bytes.ToArray(), certificate.SubjectPublicKey.ToByteArray());
        Assert.Equal(Settler.PublicKey.Bytes.ToArray(), certificate.IssuerPublicKey.ToByteArray());
        Assert.Equal(SettlerUri, certificate.IssuerUri);
        Assert.Equal(NotBefore.ToUnixTimeMilliseconds(), certificate.NotBeforeUnixMs);
        Assert.Equal(NotAfter.ToUnixTimeMilliseconds(), certificate.NotAfterUnixMs);
        Assert.Equal(["B", "a", "z"], certificate.Properties.Keys);
        Assert.True(Settler.PublicKey.Verify(SignatureTags.Certificate, signed.Certificate.Span, signed.Signature.Span));
    }

    [Fact]
    public void Settler_refuses_to_issue_certificates_peers_would_refuse()
    {
        Assert.Throws<ArgumentException>(() => CertificateIssuer.Issue(Settler, SettlerUri, Samples.Bytes(15), Driver.PublicKey, NoProperties, NotBefore, NotAfter));
        Assert.Throws<ArgumentException>(() => CertificateIssuer.Issue(Settler, "", CertificateIssuer.NewSerial(), Driver.PublicKey, NoProperties, NotBefore, NotAfter));
        Assert.Throws<ArgumentException>(() => CertificateIssuer.Issue(Settler, SettlerUri, CertificateIssuer.NewSerial(), Driver.PublicKey, NoProperties, NotAfter, NotBefore));
        var tooMany = Enumerable.Range(0, FrameLimits.Default.MaxCertificateProperties + 1).ToDictionary(i => $"p{i}", _ => Array.Empty<byte>());
        Assert.Throws<ArgumentException>(() => CertificateIssuer.Issue(Settler, SettlerUri, CertificateIssuer.NewSerial(), Driver.PublicKey, tooMany, NotBefore, NotAfter));
    }

    [Fact]
    public void Certificate_valid_for_a_single_instant_can_be_issued()
    {
        var signed = CertificateIssuer.Issue(Settler, SettlerUri, CertificateIssuer.NewSerial(), Driver.PublicKey, NoProperties, NotBefore, NotBefore);
        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(signed, TrustingWithEmptyList(), NotBefore));
    }

    [Fact]
    public void Revocation_list_carries_the_revoked_serials_and_its_times()
    {
        ByteString[] serials = [CertificateIssuer.NewSerial(), CertificateIssuer.NewSerial()];
        var list = CertificateIssuer.SignRevocationList(Settler, serials, ListIssuedAt, ListNextUpdate).ReadRevocationList();
        Assert.Equal(serials, list.RevokedSerials);
        Assert.Equal(ListIssuedAt.ToUnixTimeMilliseconds(), list.IssuedAtUnixMs);
        Assert.Equal(ListNextUpdate.ToUnixTimeMilliseconds(), list.NextUpdateUnixMs);
    }

    [Fact]
    public void Settler_refuses_to_sign_a_malformed_revocation_list()
    {
        Assert.Throws<ArgumentException>(() => CertificateIssuer.SignRevocationList(Settler, [Samples.Bytes(17)], ListIssuedAt, ListNextUpdate));
        Assert.Throws<ArgumentException>(() => CertificateIssuer.SignRevocationList(Settler, [], ListNextUpdate, ListIssuedAt));
    }
}
