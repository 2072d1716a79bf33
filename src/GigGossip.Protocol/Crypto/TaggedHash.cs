using System.Security.Cryptography;
using System.Text;

namespace GigGossip.Protocol.Crypto;

/// <summary>BIP340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || message).</summary>
public static class TaggedHash
{
    public static byte[] Compute(string tag, ReadOnlySpan<byte> message)
    {
        Span<byte> tagHash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(tag), tagHash);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(tagHash);
        sha.AppendData(tagHash);
        sha.AppendData(message);
        return sha.GetHashAndReset();
    }
}
