using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GigGossip.Protocol.Crypto;

/// <summary>
/// Remembers BIP340 verdicts by SHA-256 of (signature, message, key), so a signature checked by many
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
        Span<byte> input = stackalloc byte[signature64.Length + message32.Length + xOnlyPublicKey.Length + 2];
        input[0] = (byte)signature64.Length;
        input[1] = (byte)message32.Length;
        signature64.CopyTo(input[2..]);
        message32.CopyTo(input[(2 + signature64.Length)..]);
        xOnlyPublicKey.CopyTo(input[(2 + signature64.Length + message32.Length)..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        var key = Words(digest);
        if (_verdicts.TryGetValue(key, out var verdict))
        {
            Interlocked.Increment(ref _hits);
            return verdict;
        }
        Interlocked.Increment(ref _misses);
        verdict = Inner.VerifySchnorr(signature64, message32, xOnlyPublicKey);
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

    public bool VerifyEcdsa(ReadOnlySpan<byte> compact64, ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> compressedPublicKey) =>
        Inner.VerifyEcdsa(compact64, hash32, compressedPublicKey);
}
