using System.Security.Cryptography;

namespace GigGossip.Protocol.Crypto;

/// <summary>
/// ChaCha20-Poly1305 under a 32-byte key: the settler's preimage is the key of the encrypted
/// ReplyPayload (DESIGN section 4, "preimage = key"). Layout: random nonce (12) || ciphertext || tag (16).
/// </summary>
public static class SymmetricSeal
{
    public const int KeyLength = 32;
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>Bytes a seal adds to its plaintext.</summary>
    public const int Overhead = NonceLength + TagLength;

    public static byte[] Seal(ReadOnlySpan<byte> key32, ReadOnlySpan<byte> plaintext)
    {
        if (key32.Length != KeyLength) throw new ArgumentException($"key must be {KeyLength} bytes, got {key32.Length}", nameof(key32));
        var box = new byte[Overhead + plaintext.Length];
        var nonce = box.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aead = new ChaCha20Poly1305(key32);
        aead.Encrypt(nonce, plaintext, box.AsSpan(NonceLength, plaintext.Length), box.AsSpan(box.Length - TagLength));
        return box;
    }

    /// <summary>Opens a seal; a wrong key (of any length) or any change to the bytes throws <see cref="DecryptionFailedException"/>.</summary>
    public static byte[] Open(ReadOnlySpan<byte> key32, ReadOnlySpan<byte> sealedBytes)
    {
        if (key32.Length != KeyLength) throw new DecryptionFailedException($"key must be {KeyLength} bytes, got {key32.Length}");
        if (sealedBytes.Length < Overhead) throw new DecryptionFailedException($"seal is {sealedBytes.Length} bytes, shorter than its {Overhead}-byte overhead");
        var plaintext = new byte[sealedBytes.Length - Overhead];
        try
        {
            using var aead = new ChaCha20Poly1305(key32);
            aead.Decrypt(sealedBytes[..NonceLength], sealedBytes[NonceLength..^TagLength], sealedBytes[^TagLength..], plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new DecryptionFailedException("seal did not open", e);
        }
    }
}
