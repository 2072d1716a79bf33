using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace GigGossip.Protocol.Crypto;

/// <summary>BIP340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || message).</summary>
public static class TaggedHash
{
    /// <summary>SHA256(tag), per tag: the protocol uses a handful of fixed tags, hashed on every signature check.</summary>
    private static readonly ConcurrentDictionary<string, byte[]> TagHashes = new(StringComparer.Ordinal);

    private const int MaxRememberedTags = 64;

    private const int StackLimit = 1024;

    public static byte[] Compute(string tag, ReadOnlySpan<byte> message)
    {
        if (!TagHashes.TryGetValue(tag, out var tagHash))
        {
            tagHash = SHA256.HashData(Encoding.UTF8.GetBytes(tag));
            if (TagHashes.Count < MaxRememberedTags) TagHashes[tag] = tagHash;
        }
        var length = 64 + message.Length;
        byte[]? rented = null;
        var input = length <= StackLimit ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        tagHash.CopyTo(input);
        tagHash.CopyTo(input[32..]);
        message.CopyTo(input[64..]);
        var hash = SHA256.HashData(input);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return hash;
    }
}
