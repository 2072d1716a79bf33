using System.Buffers.Binary;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// A certified node asks its settler for one-time certificates (docs/protocol/privacy.md, "Unlinkable senders"): it shows
/// its own certificate and signs, with that certificate's key, the settler's key, the time and the one-time keys it drew.
/// A replay gets certificates for keys the replayer does not hold, so freshness within the settler's clock tolerance is enough.
/// </summary>
public sealed record OneTimeCertificatesRequest(SignedCertificate SubjectCertificate, IReadOnlyList<PublicKey> Keys, long TimestampUnixMs, byte[] Signature)
    : SettlerRequest
{
    /// <summary>The most keys one request may name.</summary>
    public const int MaxKeys = 32;

    /// <summary>settler key (32) || timestamp (Unix ms, 8 bytes big-endian) || each one-time key (32).</summary>
    public static byte[] SignedBytes(PublicKey settler, long timestampUnixMs, IReadOnlyList<PublicKey> keys)
    {
        ArgumentNullException.ThrowIfNull(settler);
        ArgumentNullException.ThrowIfNull(keys);
        var bytes = new byte[PublicKey.Length + 8 + keys.Count * PublicKey.Length];
        settler.Bytes.CopyTo(bytes);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(PublicKey.Length), timestampUnixMs);
        for (var i = 0; i < keys.Count; i++) keys[i].Bytes.CopyTo(bytes.AsSpan(PublicKey.Length + 8 + i * PublicKey.Length));
        return bytes;
    }

    public static OneTimeCertificatesRequest Create(SecretKey subject, SignedCertificate certificate, PublicKey settler, IReadOnlyList<PublicKey> keys, long nowUnixMs)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return new(certificate, keys, nowUnixMs, subject.Sign(SignatureTags.OneTimeCertificates, SignedBytes(settler, nowUnixMs, keys)));
    }

    /// <summary>True when <paramref name="subject"/> signed this request for <paramref name="settler"/>.</summary>
    public bool IsSignedBy(PublicKey subject, PublicKey settler) =>
        subject.Verify(SignatureTags.OneTimeCertificates, SignedBytes(settler, TimestampUnixMs, Keys), Signature);
}

/// <summary>The settler's answer: one certificate per key, in the request's order, each with its property openings.</summary>
public sealed record OneTimeCertificatesIssued(IReadOnlyList<SignedCertificate> Certificates, IReadOnlyList<IReadOnlyList<PropertyOpening>> Openings) : SettlerResponse;
