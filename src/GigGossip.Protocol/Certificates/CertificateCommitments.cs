using System.Security.Cryptography;
using System.Text;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Certificates;

/// <summary>
/// Properties by need (issue #15): a one-time certificate carries a salted commitment per property instead of the
/// property, padded with random commitments to a multiple of <see cref="PaddedCount"/>, in byte order, so the network
/// sees neither the names, the values nor the exact count. Its subject keeps the openings and shows one to whoever needs
/// it (the settler issued them and needs none).
/// </summary>
public static class CertificateCommitments
{
    public const int SaltLength = 32;

    /// <summary>Commitments come in multiples of this many.</summary>
    public const int PaddedCount = 8;

    /// <summary>SHA256 tagged <see cref="SignatureTags.PropertyCommitment"/> over salt || UTF-8 name || 0x00 || value.</summary>
    public static byte[] Commit(PropertyOpening opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        return TaggedHash.Compute(SignatureTags.PropertyCommitment, [.. opening.Salt.Span, .. Encoding.UTF8.GetBytes(opening.Name), 0, .. opening.Value.Span]);
    }

    /// <summary>Openings with fresh salts for every property, in name order.</summary>
    public static IReadOnlyList<PropertyOpening> Openings(IReadOnlyDictionary<string, byte[]> properties) =>
        [.. properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new PropertyOpening
        {
            Name = p.Key,
            Value = ByteString.CopyFrom(p.Value),
            Salt = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(SaltLength)),
        })];

    /// <summary>The commitments a certificate carries for <paramref name="openings"/>: one each plus random padding, sorted.</summary>
    public static IReadOnlyList<ByteString> Padded(IReadOnlyList<PropertyOpening> openings)
    {
        var count = Math.Max(PaddedCount, (openings.Count + PaddedCount - 1) / PaddedCount * PaddedCount);
        var commitments = openings.Select(Commit).ToList();
        while (commitments.Count < count) commitments.Add(RandomNumberGenerator.GetBytes(32));
        return [.. commitments.OrderBy(c => Convert.ToHexStringLower(c), StringComparer.Ordinal).Select(ByteString.CopyFrom)];
    }

    /// <summary>True when <paramref name="opening"/> opens one of the certificate's commitments.</summary>
    public static bool Opens(this Certificate certificate, PropertyOpening opening)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (opening is null || opening.Salt.Length != SaltLength) return false;
        var commitment = Commit(opening);
        return certificate.PropertyCommitments.Any(c => c.Span.SequenceEqual(commitment));
    }
}
