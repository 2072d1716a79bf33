using System.Buffers.Binary;
using System.Security.Cryptography;

namespace GigGossip.Network.Noise;

/// <summary>The BOLT 8 primitives: HKDF-SHA256 with empty info, ChaCha20-Poly1305 with a Noise nonce, SHA-256 mixing.</summary>
internal static class NoiseCrypto
{
    public const int NonceLength = 12;

    /// <summary>
    /// <c>first, second = HKDF(salt, ikm)</c>: 64 bytes of RFC 5869 extract-and-expand with empty info, split in two.
    /// The outputs may alias the inputs. The extract step is written out (PRK = HMAC-SHA256(salt, ikm), RFC 5869 2.2)
    /// because the platform's HKDF (OpenSSL) refuses the empty input key material of the final split, <c>HKDF(ck, zero)</c>.
    /// </summary>
    public static void Hkdf(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm, Span<byte> first, Span<byte> second)
    {
        Span<byte> prk = stackalloc byte[NoiseProtocol.KeyLength];
        Span<byte> okm = stackalloc byte[2 * NoiseProtocol.KeyLength];
        HMACSHA256.HashData(salt, ikm, prk);
        HKDF.Expand(HashAlgorithmName.SHA256, prk, okm, ReadOnlySpan<byte>.Empty);
        CryptographicOperations.ZeroMemory(prk);
        okm[..NoiseProtocol.KeyLength].CopyTo(first);
        okm[NoiseProtocol.KeyLength..].CopyTo(second);
        CryptographicOperations.ZeroMemory(okm);
    }

    /// <summary>The 96-bit nonce: 32 zero bits followed by the 64-bit counter in little-endian order.</summary>
    public static void WriteNonce(ulong counter, Span<byte> nonce)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..NonceLength], counter);
    }

    /// <summary><c>encryptWithAD(k, n, ad, plaintext)</c>: writes ciphertext || tag.</summary>
    public static void EncryptWithAd(ReadOnlySpan<byte> key, ulong counter, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag)
    {
        using var aead = new ChaCha20Poly1305(key);
        Encrypt(aead, counter, ad, plaintext, ciphertextAndTag);
    }

    /// <summary><c>decryptWithAD(k, n, ad, ciphertext)</c>: false when the tag does not verify.</summary>
    public static bool DecryptWithAd(ReadOnlySpan<byte> key, ulong counter, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        using var aead = new ChaCha20Poly1305(key);
        return TryDecrypt(aead, counter, ad, ciphertextAndTag, plaintext);
    }

    public static void Encrypt(ChaCha20Poly1305 aead, ulong counter, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        WriteNonce(counter, nonce);
        aead.Encrypt(nonce, plaintext, ciphertextAndTag[..plaintext.Length], ciphertextAndTag.Slice(plaintext.Length, NoiseProtocol.TagLength), ad);
    }

    public static bool TryDecrypt(ChaCha20Poly1305 aead, ulong counter, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        if (ciphertextAndTag.Length < NoiseProtocol.TagLength) return false;
        var length = ciphertextAndTag.Length - NoiseProtocol.TagLength;
        Span<byte> nonce = stackalloc byte[NonceLength];
        WriteNonce(counter, nonce);
        try
        {
            aead.Decrypt(nonce, ciphertextAndTag[..length], ciphertextAndTag[length..], plaintext[..length], ad);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary><c>h = SHA-256(h || data)</c>, in place.</summary>
    public static void MixHash(Span<byte> h, ReadOnlySpan<byte> data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(h);
        sha.AppendData(data);
        sha.GetHashAndReset(h);
    }
}
