using Google.Protobuf;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Tests.Frames;

namespace GigGossip.Protocol.Tests.Certificates;

/// <summary>A settler, a driver's certificate valid for one hour from <see cref="NotBefore"/>, and revocation lists around it.</summary>
internal static class CertificateFixture
{
    public const string SettlerUri = "https://settler.example";
    public static readonly SecretKey Settler = SecretKey.Generate();
    public static readonly SecretKey Driver = SecretKey.Generate();
    public static readonly DateTimeOffset NotBefore = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
    public static readonly DateTimeOffset NotAfter = NotBefore.AddHours(1);
    public static readonly DateTimeOffset ListIssuedAt = NotBefore.AddHours(-1);
    public static readonly DateTimeOffset ListNextUpdate = NotAfter.AddHours(1);
    public static readonly DateTimeOffset Inside = NotBefore.AddMinutes(30);

    public static SignedCertificate Issue(ByteString? serial = null, SecretKey? issuer = null) =>
        CertificateIssuer.Issue(
            issuer ?? Settler,
            SettlerUri,
            serial ?? CertificateIssuer.NewSerial(),
            Driver.PublicKey,
            new Dictionary<string, byte[]>
            {
                [CertificateProperties.DrivingLicence] = "B"u8.ToArray(),
                [CertificateProperties.NoCriminalRecord] = [],
            },
            NotBefore,
            NotAfter);

    public static SignedRevocationList List(params ByteString[] revoked) =>
        CertificateIssuer.SignRevocationList(Settler, revoked, ListIssuedAt, ListNextUpdate);

    public static TrustedSettlers Trusting(SignedRevocationList? list, TimeSpan? maxAge = null) =>
        new([new TrustedSettler(Settler.PublicKey, SettlerUri, list)], maxAge);

    public static TrustedSettlers TrustingWithEmptyList() => Trusting(List());

    /// <summary>Re-signs edited certificate bytes with the given key, as a forger or a careless issuer would.</summary>
    public static SignedCertificate Resign(SignedCertificate signed, SecretKey key, Action<Certificate> edit)
    {
        var bytes = Samples.Edit(signed.Certificate, Certificate.Parser, edit);
        return new SignedCertificate { Certificate = bytes, Signature = ByteString.CopyFrom(key.Sign(SignatureTags.Certificate, bytes.Span)) };
    }
}
