namespace GigGossip.Protocol.Crypto;

/// <summary>
/// The secp256k1 operations the protocol needs. Two interchangeable backends implement it:
/// <see cref="NativeSecp256k1"/> (Debian's libsecp256k1 through P/Invoke) and
/// <see cref="ManagedSecp256k1"/> (BouncyCastle). Both must agree bit for bit.
/// Public keys are 32-byte x-only keys (BIP340) or 33-byte compressed keys (ECDSA, BOLT 8).
/// </summary>
public interface ISecp256k1
{
    /// <summary>Short name for logs: "native" or "managed".</summary>
    string Name { get; }

    /// <summary>True when the 32 bytes are a scalar in [1, n-1].</summary>
    bool IsValidSecretKey(ReadOnlySpan<byte> secretKey);

    /// <summary>True when the 32 bytes are the x coordinate of a curve point.</summary>
    bool IsValidXOnlyPublicKey(ReadOnlySpan<byte> xOnlyPublicKey);

    /// <summary>The BIP340 x-only public key (32 bytes) of a secret key.</summary>
    byte[] GetXOnlyPublicKey(ReadOnlySpan<byte> secretKey);

    /// <summary>The SEC1 compressed public key (33 bytes) of a secret key.</summary>
    byte[] GetCompressedPublicKey(ReadOnlySpan<byte> secretKey);

    /// <summary>BIP340 signature (64 bytes) of a 32-byte message with 32 bytes of auxiliary randomness.</summary>
    byte[] SignSchnorr(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> auxRand32);

    /// <summary>BIP340 verification; false for any malformed input, never an exception.</summary>
    bool VerifySchnorr(ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> xOnlyPublicKey);

    /// <summary>
    /// ECDH as libsecp256k1 and BOLT 8 define it: SHA256(compressed(secretKey * P)).
    /// The public key is 33 bytes compressed, or 32 bytes x-only (taken with even y).
    /// Throws <see cref="CryptoException"/> for an invalid key.
    /// </summary>
    byte[] Ecdh(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> publicKey);

    /// <summary>RFC6979 ECDSA over a 32-byte hash, low-S, as 64-byte compact r||s with its recovery id (0..3).</summary>
    byte[] SignEcdsaRecoverable(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> secretKey, out int recoveryId);

    /// <summary>Recovers the compressed public key (33 bytes) from a compact signature, or null.</summary>
    byte[]? RecoverEcdsa(ReadOnlySpan<byte> compact64, int recoveryId, ReadOnlySpan<byte> hash32);

    /// <summary>Verifies a compact (r||s) ECDSA signature against a compressed public key; rejects high S.</summary>
    bool VerifyEcdsa(ReadOnlySpan<byte> compact64, ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> compressedPublicKey);
}
