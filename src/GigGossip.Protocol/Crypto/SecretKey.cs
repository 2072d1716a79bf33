using System.Security.Cryptography;

namespace GigGossip.Protocol.Crypto;

/// <summary>
/// A secp256k1 secret key (32 bytes, in [1, n-1]) with its x-only public key. The scalar is kept
/// normalised to the one whose public point has an even y (negated when needed), as BIP340 does when
/// signing: signatures are unchanged, the compressed public key is always 02||x, and ECDH against an
/// x-only key (lifted with even y) agrees on both sides.
/// </summary>
public sealed class SecretKey
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    private SecretKey(byte[] bytes)
    {
        var compressed = Secp256k1.Current.GetCompressedPublicKey(bytes);
        _bytes = compressed[0] == 0x03 ? Negate(bytes) : bytes;
        PublicKey = PublicKey.FromTrustedBytes(compressed[1..]);
    }

    public PublicKey PublicKey { get; }

    /// <summary>The raw scalar; handle with care.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public static SecretKey Generate()
    {
        var bytes = new byte[Length];
        do RandomNumberGenerator.Fill(bytes);
        while (!Secp256k1.Current.IsValidSecretKey(bytes));
        return new SecretKey(bytes);
    }

    public static SecretKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length) throw new CryptoException($"secret key must be {Length} bytes, got {bytes.Length}");
        if (!Secp256k1.Current.IsValidSecretKey(bytes)) throw new CryptoException("secret key is out of range");
        return new SecretKey(bytes.ToArray());
    }

    /// <summary>BIP340 signature over TaggedHash(tag, message) with fresh auxiliary randomness.</summary>
    public byte[] Sign(string tag, ReadOnlySpan<byte> message)
    {
        Span<byte> aux = stackalloc byte[32];
        RandomNumberGenerator.Fill(aux);
        return Secp256k1.Current.SignSchnorr(TaggedHash.Compute(tag, message), _bytes, aux);
    }

    /// <summary>The 33-byte compressed public key, always 02||x (see the class summary).</summary>
    public byte[] CompressedPublicKey => [0x02, .. PublicKey.Bytes];

    /// <summary>ECDH shared secret with a peer's public key (x-only or compressed).</summary>
    public byte[] SharedSecret(ReadOnlySpan<byte> publicKey) => Secp256k1.Current.Ecdh(_bytes, publicKey);

    private static byte[] Negate(byte[] scalar)
    {
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var negated = (n - new System.Numerics.BigInteger(scalar, isUnsigned: true, isBigEndian: true)).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[Length];
        negated.CopyTo(result, Length - negated.Length);
        return result;
    }
}
