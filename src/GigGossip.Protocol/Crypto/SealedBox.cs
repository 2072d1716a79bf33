using System.Security.Cryptography;
using System.Text;

namespace GigGossip.Protocol.Crypto;

/// <summary>
/// Encryption to a public key (DESIGN section 4): a fresh ephemeral key, ECDH with the recipient,
/// HKDF-SHA256, ChaCha20-Poly1305. Layout: ephemeral x-only key (32) || ciphertext || tag (16).
/// The HKDF salt is ephemeral key || recipient key and the info is "gig-gossip/seal", so the derived key
/// is bound to both keys and to this use. Every key is used for one message only, so the nonce is zero.
/// No version byte: the protobuf frame that carries a box is where the format is versioned.
/// </summary>
public static class SealedBox
{
    public const int EphemeralKeyLength = PublicKey.Length;
    public const int TagLength = 16;

    /// <summary>Bytes a box adds to its plaintext.</summary>
    public const int Overhead = EphemeralKeyLength + TagLength;

    private const int NonceLength = 12;
    private static readonly byte[] Info = Encoding.ASCII.GetBytes("gig-gossip/seal");

    public static byte[] Seal(PublicKey recipient, ReadOnlySpan<byte> plaintext)
    {
        var ephemeral = SecretKey.Generate();
        var box = new byte[Overhead + plaintext.Length];
        ephemeral.PublicKey.Bytes.CopyTo(box);
        Span<byte> key = stackalloc byte[32];
        DeriveKey(ephemeral.SharedSecret(recipient.Bytes), ephemeral.PublicKey.Bytes, recipient.Bytes, key);
        using var aead = new ChaCha20Poly1305(key);
        aead.Encrypt(stackalloc byte[NonceLength], plaintext, box.AsSpan(EphemeralKeyLength, plaintext.Length), box.AsSpan(box.Length - TagLength));
        CryptographicOperations.ZeroMemory(key);
        return box;
    }

    /// <summary>Opens a box sealed to <paramref name="recipient"/>; throws <see cref="DecryptionFailedException"/> otherwise.</summary>
    public static byte[] Open(SecretKey recipient, ReadOnlySpan<byte> sealedBox)
    {
        if (sealedBox.Length < Overhead) throw new DecryptionFailedException($"sealed box is {sealedBox.Length} bytes, shorter than its {Overhead}-byte overhead");
        var ephemeralKey = sealedBox[..EphemeralKeyLength];
        if (!Secp256k1.Current.IsValidXOnlyPublicKey(ephemeralKey)) throw new DecryptionFailedException("sealed box did not open");
        Span<byte> key = stackalloc byte[32];
        DeriveKey(recipient.SharedSecret(ephemeralKey), ephemeralKey, recipient.PublicKey.Bytes, key);
        var plaintext = new byte[sealedBox.Length - Overhead];
        try
        {
            using var aead = new ChaCha20Poly1305(key);
            aead.Decrypt(stackalloc byte[NonceLength], sealedBox[EphemeralKeyLength..^TagLength], sealedBox[^TagLength..], plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new DecryptionFailedException("sealed box did not open", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void DeriveKey(byte[] sharedSecret, ReadOnlySpan<byte> ephemeralKey, ReadOnlySpan<byte> recipientKey, Span<byte> key)
    {
        Span<byte> salt = stackalloc byte[EphemeralKeyLength + PublicKey.Length];
        ephemeralKey.CopyTo(salt);
        recipientKey.CopyTo(salt[EphemeralKeyLength..]);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, sharedSecret, key, salt, Info);
        CryptographicOperations.ZeroMemory(sharedSecret);
    }
}
