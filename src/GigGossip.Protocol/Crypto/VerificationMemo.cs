using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GigGossip.Protocol.Crypto;

/// <summary>
/// Remembers BIP340 and ECDSA verdicts by SHA-256 of (signature, message, key), so a signature checked by many
/// nodes of one process (the simulator: every hop checks the same request and certificate) is verified
/// for real once. A pure function memoised: the answers are the wrapped backend's. Everything else passes through.
/// </summary>
public sealed class VerificationMemo(ISecp256k1 inner, int capacity = 1 << 20) : ISecp256k1
{
    private readonly ConcurrentDictionary<(ulong, ulong, ulong, ulong), bool> _verdicts = new();
    private readonly ConcurrentDictionary<(ulong, ulong, ulong, ulong), bool> _validKeys = new();

    public ISecp256k1 Inner { get; } = inner;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    private long _hits;
    private long _misses;

    public string Name => Inner.Name;

    public bool VerifySchnorr(ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> xOnlyPublicKey)
    {
        var key = Key(Kind.Schnorr, signature64, message32, xOnlyPublicKey);
        if (Known(key) is { } verdict) return verdict;
        return Remember(key, Inner.VerifySchnorr(signature64, message32, xOnlyPublicKey));
    }

    /// <summary>ECDSA verdicts too: every hop of a reply's path decodes the same BOLT 11 invoices and checks their signatures.</summary>
    public bool VerifyEcdsa(ReadOnlySpan<byte> compact64, ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> compressedPublicKey)
    {
        var key = Key(Kind.Ecdsa, compact64, hash32, compressedPublicKey);
        if (Known(key) is { } verdict) return verdict;
        return Remember(key, Inner.VerifyEcdsa(compact64, hash32, compressedPublicKey));
    }

    private enum Kind : byte
    {
        Schnorr,
        Ecdsa,
    }

    /// <summary>SHA-256 of (kind, lengths, signature, message, key) as four words.</summary>
    private static (ulong, ulong, ulong, ulong) Key(Kind kind, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        Span<byte> input = stackalloc byte[signature.Length + message.Length + publicKey.Length + 3];
        input[0] = (byte)kind;
        input[1] = (byte)signature.Length;
        input[2] = (byte)message.Length;
        signature.CopyTo(input[3..]);
        message.CopyTo(input[(3 + signature.Length)..]);
        publicKey.CopyTo(input[(3 + signature.Length + message.Length)..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        return Words(digest);
    }

    private bool? Known((ulong, ulong, ulong, ulong) key)
    {
        if (!_verdicts.TryGetValue(key, out var verdict)) return null;
        Interlocked.Increment(ref _hits);
        return verdict;
    }

    private bool Remember((ulong, ulong, ulong, ulong) key, bool verdict)
    {
        Interlocked.Increment(ref _misses);
        if (_verdicts.Count >= capacity) _verdicts.Clear();
        _verdicts[key] = verdict;
        return verdict;
    }

    public bool IsValidSecretKey(ReadOnlySpan<byte> secretKey) => Inner.IsValidSecretKey(secretKey);

    /// <summary>Whether 32 bytes are a curve point's x coordinate, remembered per key (every hop parses the same keys).</summary>
    public bool IsValidXOnlyPublicKey(ReadOnlySpan<byte> xOnlyPublicKey)
    {
        if (xOnlyPublicKey.Length != 32) return Inner.IsValidXOnlyPublicKey(xOnlyPublicKey);
        var key = Words(xOnlyPublicKey);
        if (_validKeys.TryGetValue(key, out var valid)) return valid;
        valid = Inner.IsValidXOnlyPublicKey(xOnlyPublicKey);
        if (_validKeys.Count >= capacity) _validKeys.Clear();
        _validKeys[key] = valid;
        return valid;
    }

    private static (ulong, ulong, ulong, ulong) Words(ReadOnlySpan<byte> bytes32) =>
        (BitConverter.ToUInt64(bytes32), BitConverter.ToUInt64(bytes32[8..]), BitConverter.ToUInt64(bytes32[16..]), BitConverter.ToUInt64(bytes32[24..]));

    public byte[] GetXOnlyPublicKey(ReadOnlySpan<byte> secretKey) => Inner.GetXOnlyPublicKey(secretKey);

    public byte[] GetCompressedPublicKey(ReadOnlySpan<byte> secretKey) => Inner.GetCompressedPublicKey(secretKey);

    public byte[] SignSchnorr(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> auxRand32) =>
        Inner.SignSchnorr(message32, secretKey, auxRand32);

    public byte[] Ecdh(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> publicKey) => Inner.Ecdh(secretKey, publicKey);

    public byte[] SignEcdsaRecoverable(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> secretKey, out int recoveryId) =>
        Inner.SignEcdsaRecoverable(hash32, secretKey, out recoveryId);

    public byte[]? RecoverEcdsa(ReadOnlySpan<byte> compact64, int recoveryId, ReadOnlySpan<byte> hash32) => Inner.RecoverEcdsa(compact64, recoveryId, hash32);
}
