using System.Security.Cryptography;

namespace GigGossip.Protocol.Crypto;

/// <summary>A secp256k1 secret key (32 bytes, in [1, n-1]) with its x-only public key.</summary>
public sealed class SecretKey
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    private SecretKey(byte[] bytes)
    {
        _bytes = bytes;
        PublicKey = PublicKey.FromTrustedBytes(Secp256k1.Current.GetXOnlyPublicKey(bytes));
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

    /// <summary>ECDH shared secret with a peer's public key (x-only or compressed).</summary>
    public byte[] SharedSecret(ReadOnlySpan<byte> publicKey) => Secp256k1.Current.Ecdh(_bytes, publicKey);
}
