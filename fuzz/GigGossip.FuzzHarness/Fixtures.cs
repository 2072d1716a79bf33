using System.Security.Cryptography;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.FuzzHarness;

/// <summary>Fixed keys and signed objects the targets decode against (fixed, so the same input always takes the same path).</summary>
internal static class Fixtures
{
    public static readonly SecretKey Settler = SecretKey.FromBytes(SHA256.HashData("fuzz settler"u8));
    public static readonly SecretKey Alice = SecretKey.FromBytes(SHA256.HashData("fuzz alice"u8));
    public static readonly SecretKey Bob = SecretKey.FromBytes(SHA256.HashData("fuzz bob"u8));
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);
    public const string SettlerUri = "https://settler.fuzz";

    public static readonly TrustedSettlers Trusted = new([new TrustedSettler(Settler.PublicKey, SettlerUri,
        CertificateIssuer.SignRevocationList(Settler, [], Now.AddDays(-1), Now.AddDays(1)))]);

    public static readonly SignedCertificate AliceCertificate = CertificateIssuer.Issue(Settler, SettlerUri, Google.Protobuf.ByteString.CopyFrom(new byte[16]), Alice.PublicKey,
        new Dictionary<string, byte[]> { [CertificateProperties.DrivingLicence] = [1] }, Now.AddDays(-1), Now.AddDays(365));

    public static Topic Taxi() => new()
    {
        Taxi = new TaxiTopic
        {
            FromGeohash = "r3gx2g5",
            ToGeohash = "r3gx2u9",
            PickupAfterUnixMs = Now.ToUnixTimeMilliseconds(),
            PickupBeforeUnixMs = Now.AddMinutes(30).ToUnixTimeMilliseconds(),
            DistanceM = 4200,
        },
    };
}
