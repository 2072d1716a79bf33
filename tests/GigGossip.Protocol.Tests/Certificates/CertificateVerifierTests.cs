using Google.Protobuf;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Tests.Frames;
using static GigGossip.Protocol.Tests.Certificates.CertificateFixture;

namespace GigGossip.Protocol.Tests.Certificates;

public class CertificateVerifierTests
{
    private static readonly TimeSpan OneMs = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Certificate_is_valid_from_exactly_not_before()
    {
        var certificate = Issue();
        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(certificate, TrustingWithEmptyList(), NotBefore));
        Assert.Equal(CertificateVerdict.NotYetValid, CertificateVerifier.Verify(certificate, TrustingWithEmptyList(), NotBefore - OneMs));
    }

    [Fact]
    public void Certificate_is_valid_until_exactly_not_after()
    {
        var certificate = Issue();
        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(certificate, TrustingWithEmptyList(), NotAfter));
        Assert.Equal(CertificateVerdict.Expired, CertificateVerifier.Verify(certificate, TrustingWithEmptyList(), NotAfter + OneMs));
    }

    [Fact]
    public void Certificate_from_an_issuer_the_node_does_not_trust_is_refused()
    {
        var certificate = Issue(issuer: SecretKey.Generate());
        Assert.Equal(CertificateVerdict.UntrustedIssuer, CertificateVerifier.Verify(certificate, TrustingWithEmptyList(), Inside));
    }

    [Fact]
    public void Certificate_given_an_extra_property_after_signing_has_a_bad_signature()
    {
        var forged = Issue();
        forged.Certificate = Samples.Edit(forged.Certificate, Certificate.Parser, c => c.Properties.Add("taxi_licence", ByteString.Empty));
        Assert.Equal(CertificateVerdict.BadSignature, CertificateVerifier.Verify(forged, TrustingWithEmptyList(), Inside));
    }

    [Fact]
    public void Certificate_naming_a_trusted_issuer_but_signed_by_another_key_has_a_bad_signature()
    {
        var forged = Resign(Issue(), Driver, _ => { });
        Assert.Equal(CertificateVerdict.BadSignature, CertificateVerifier.Verify(forged, TrustingWithEmptyList(), Inside));
    }

    [Fact]
    public void Unreadable_certificate_is_malformed()
    {
        var certificate = Issue();
        certificate.Certificate = Samples.Bytes(10, 0xFF);
        Assert.Equal(CertificateVerdict.Malformed, CertificateVerifier.Verify(certificate, TrustingWithEmptyList(), Inside, out var read));
        Assert.Null(read);
    }

    [Fact]
    public void Certificate_whose_subject_key_is_not_a_curve_point_is_malformed_even_when_signed()
    {
        var certificate = Resign(Issue(), Settler, c => c.SubjectPublicKey = SignedRequestsTests.OffCurveKey());
        Assert.Equal(CertificateVerdict.Malformed, CertificateVerifier.Verify(certificate, TrustingWithEmptyList(), Inside));
    }

    [Fact]
    public void Certificate_named_in_the_revocation_list_is_revoked()
    {
        var serial = CertificateIssuer.NewSerial();
        var trusted = Trusting(List(CertificateIssuer.NewSerial(), serial));
        Assert.Equal(CertificateVerdict.Revoked, CertificateVerifier.Verify(Issue(serial), trusted, Inside));
        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(Issue(), trusted, Inside));
    }

    [Fact]
    public void Revocation_in_a_stale_list_still_counts()
    {
        var serial = CertificateIssuer.NewSerial();
        var list = CertificateIssuer.SignRevocationList(Settler, [serial], ListIssuedAt, NotBefore);
        Assert.Equal(CertificateVerdict.Revoked, CertificateVerifier.Verify(Issue(serial), Trusting(list), Inside));
        Assert.Equal(CertificateVerdict.StaleRevocationList, CertificateVerifier.Verify(Issue(), Trusting(list), Inside));
    }

    [Fact]
    public void Without_a_revocation_list_from_the_issuer_the_certificate_cannot_be_trusted()
    {
        Assert.Equal(CertificateVerdict.StaleRevocationList, CertificateVerifier.Verify(Issue(), Trusting(null), Inside));
    }

    [Fact]
    public void Revocation_list_is_fresh_until_exactly_its_next_update()
    {
        var list = CertificateIssuer.SignRevocationList(Settler, [], ListIssuedAt, Inside);
        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(Issue(), Trusting(list), Inside));
        Assert.Equal(CertificateVerdict.StaleRevocationList, CertificateVerifier.Verify(Issue(), Trusting(list), Inside + OneMs));
    }

    [Fact]
    public void Revocation_list_older_than_the_allowed_age_is_stale()
    {
        var maxAge = Inside - ListIssuedAt;
        var trusted = Trusting(List(), maxAge);
        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(Issue(), trusted, Inside));
        Assert.Equal(CertificateVerdict.StaleRevocationList, CertificateVerifier.Verify(Issue(), trusted, Inside + OneMs));
    }

    [Fact]
    public void Forged_revocation_list_makes_every_certificate_of_that_issuer_unverifiable()
    {
        var forger = SecretKey.Generate();
        var genuine = List();
        var forged = new SignedRevocationList
        {
            RevocationList = genuine.RevocationList,
            Signature = ByteString.CopyFrom(forger.Sign(SignatureTags.RevocationList, genuine.RevocationList.Span)),
        };
        var trusted = Trusting(forged);
        Assert.Equal(RevocationListVerdict.BadSignature, trusted.Find(Settler.PublicKey)!.RevocationListVerdict);
        Assert.Equal(CertificateVerdict.BadRevocationList, CertificateVerifier.Verify(Issue(), trusted, Inside));
    }

    [Fact]
    public void Revocation_list_of_another_issuer_is_not_accepted_for_this_one()
    {
        var other = CertificateIssuer.SignRevocationList(SecretKey.Generate(), [], ListIssuedAt, ListNextUpdate);
        var trusted = Trusting(other);
        Assert.Equal(RevocationListVerdict.WrongIssuer, trusted.Find(Settler.PublicKey)!.RevocationListVerdict);
        Assert.Equal(CertificateVerdict.BadRevocationList, CertificateVerifier.Verify(Issue(), trusted, Inside));
    }

    [Fact]
    public void Checks_run_in_order_trust_signature_validity_then_revocation()
    {
        var revokedSerial = CertificateIssuer.NewSerial();
        var trusted = Trusting(List(revokedSerial));
        Assert.Equal(CertificateVerdict.UntrustedIssuer, CertificateVerifier.Verify(Issue(issuer: SecretKey.Generate()), trusted, NotAfter + OneMs));
        Assert.Equal(CertificateVerdict.BadSignature, CertificateVerifier.Verify(Resign(Issue(revokedSerial), Driver, _ => { }), trusted, NotAfter + OneMs));
        Assert.Equal(CertificateVerdict.Expired, CertificateVerifier.Verify(Issue(revokedSerial), trusted, NotAfter + OneMs));
    }

    [Fact]
    public void Valid_certificate_shows_its_properties_to_policies()
    {
        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(Issue(), TrustingWithEmptyList(), Inside, out var certificate));
        Assert.NotNull(certificate);
        Assert.True(certificate.HasProperty(CertificateProperties.DrivingLicence));
        Assert.True(certificate.HasProperties([CertificateProperties.DrivingLicence, CertificateProperties.NoCriminalRecord]));
        Assert.False(certificate.HasProperty("taxi_licence"));
        Assert.False(certificate.HasProperties([CertificateProperties.DrivingLicence, "taxi_licence"]));
        Assert.Equal(Driver.PublicKey.Bytes.ToArray(), certificate.SubjectPublicKey.ToByteArray());
    }
}
