using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using Google.Protobuf;

namespace GigGossip.Protocol.Tests.Certificates;

/// <summary>
/// One-time certificates through the real settler engine (docs/protocol/privacy.md, "Unlinkable senders"): issued only
/// to the holder of a certificate of this settler, for the keys it signed for; properties only as salted commitments;
/// revoking the subject's certificate revokes its batches.
/// </summary>
public class OneTimeCertificateTests
{
    private const string Uri = "https://settler.example";
    private const long Now = 1_790_000_000_000;
    private readonly SecretKey _settlerKey = SecretKey.Generate();
    private readonly SecretKey _node = SecretKey.Generate();
    private readonly SettlerEngine _settler;
    private readonly SignedCertificate _nodeCertificate;

    public OneTimeCertificateTests()
    {
        var authority = new SettlerAuthority(_settlerKey, Uri, 3_600_000);
        _settler = new SettlerEngine(_settlerKey, Uri, new SettlerPolicy(), authority);
        authority.Register(_node.PublicKey);
        authority.Grant(_node.PublicKey, "driving_licence", [1]);
        authority.Grant(_node.PublicKey, "legal_name", "Alice"u8.ToArray());
        _nodeCertificate = authority.Issue(_node.PublicKey, Now - 86_400_000, Now + 30L * 86_400_000);
    }

    private SettlerResponse Call(SettlerRequest request) =>
        Assert.IsType<RespondToCall>(Assert.Single(_settler.Handle(new SettlerCallReceived("c1", request), Now))).Response;

    private static PublicKey[] Keys(int count) => [.. Enumerable.Range(0, count).Select(_ => SecretKey.Generate().PublicKey)];

    [Fact]
    public void Holder_of_a_certificate_gets_one_per_key_with_commitments_it_can_open_and_nothing_in_the_clear()
    {
        var keys = Keys(3);
        var issued = Assert.IsType<OneTimeCertificatesIssued>(Call(OneTimeCertificatesRequest.Create(_node, _nodeCertificate, _settlerKey.PublicKey, keys, Now)));

        var trusted = new TrustedSettlers([new TrustedSettler(_settlerKey.PublicKey, Uri, _settler.Authority.RevocationList(Now))]);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(issued.Certificates[i], trusted, DateTimeOffset.FromUnixTimeMilliseconds(Now), out var certificate));
            Assert.Equal(keys[i].Bytes.ToArray(), certificate!.SubjectPublicKey.ToByteArray());
            Assert.Empty(certificate.Properties);
            Assert.Equal(CertificateCommitments.PaddedCount, certificate.PropertyCommitments.Count);
            Assert.Equal(["driving_licence", "legal_name"], issued.Openings[i].Select(o => o.Name));
            Assert.All(issued.Openings[i], o => Assert.True(certificate.Opens(o)));
            var lie = issued.Openings[i][1].Clone();
            lie.Value = ByteString.CopyFromUtf8("Mallory");
            Assert.False(certificate.Opens(lie));
            // Same day, same validity: certificates issued that day do not tell their holders apart by time.
            Assert.Equal(0, certificate.NotBeforeUnixMs % 86_400_000);
        }
        Assert.Equal(3, _settler.Authority.ExportIssued().Count(c => c.OneTime && c.Subject.Equals(_node.PublicKey)));
    }

    [Fact]
    public void Stranger_who_shows_someone_elses_certificate_gets_nothing()
    {
        var stranger = SecretKey.Generate();
        var refused = Assert.IsType<SettlerRefused>(Call(OneTimeCertificatesRequest.Create(stranger, _nodeCertificate, _settlerKey.PublicKey, Keys(2), Now)));
        Assert.Contains("not signed by the subject", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_settler.Authority.ExportIssued(), c => c.OneTime);
    }

    [Fact]
    public void Request_signed_for_another_settler_or_stale_or_oversized_is_refused()
    {
        Assert.IsType<SettlerRefused>(Call(OneTimeCertificatesRequest.Create(_node, _nodeCertificate, SecretKey.Generate().PublicKey, Keys(2), Now)));
        Assert.IsType<SettlerRefused>(Call(OneTimeCertificatesRequest.Create(_node, _nodeCertificate, _settlerKey.PublicKey, Keys(2), Now - 3_600_000)));
        Assert.IsType<SettlerRefused>(Call(OneTimeCertificatesRequest.Create(_node, _nodeCertificate, _settlerKey.PublicKey, Keys(OneTimeCertificatesRequest.MaxKeys + 1), Now)));
        var key = SecretKey.Generate().PublicKey;
        Assert.IsType<SettlerRefused>(Call(OneTimeCertificatesRequest.Create(_node, _nodeCertificate, _settlerKey.PublicKey, [key, key], Now)));
        Assert.DoesNotContain(_settler.Authority.ExportIssued(), c => c.OneTime);
    }

    [Fact]
    public void One_time_certificate_cannot_be_used_to_get_more_and_a_revoked_subject_gets_none()
    {
        var oneTimeKey = SecretKey.Generate();
        var issued = Assert.IsType<OneTimeCertificatesIssued>(Call(OneTimeCertificatesRequest.Create(_node, _nodeCertificate, _settlerKey.PublicKey, [oneTimeKey.PublicKey], Now)));
        Assert.IsType<SettlerRefused>(Call(OneTimeCertificatesRequest.Create(oneTimeKey, issued.Certificates[0], _settlerKey.PublicKey, Keys(2), Now)));

        _settler.Authority.Revoke(_nodeCertificate.ReadCertificate().Serial);
        var list = _settler.Authority.RevocationList(Now).ReadRevocationList();
        Assert.Contains(issued.Certificates[0].ReadCertificate().Serial, list.RevokedSerials);
        Assert.IsType<SettlerRefused>(Call(OneTimeCertificatesRequest.Create(_node, _nodeCertificate, _settlerKey.PublicKey, Keys(2), Now)));
    }

    [Fact]
    public void Revoking_one_one_time_certificate_leaves_the_subject_and_its_other_ones_valid()
    {
        var issued = Assert.IsType<OneTimeCertificatesIssued>(Call(OneTimeCertificatesRequest.Create(_node, _nodeCertificate, _settlerKey.PublicKey, Keys(2), Now)));
        _settler.Authority.Revoke(issued.Certificates[0].ReadCertificate().Serial);
        var revoked = _settler.Authority.RevocationList(Now).ReadRevocationList().RevokedSerials;
        Assert.Single(revoked);
        Assert.DoesNotContain(issued.Certificates[1].ReadCertificate().Serial, revoked);
    }
}
