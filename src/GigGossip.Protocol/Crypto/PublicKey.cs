namespace GigGossip.Protocol.Crypto;

/// <summary>A 32-byte BIP340 x-only public key, validated to be on the curve.</summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    private PublicKey(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Bytes => _bytes;

    public static PublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length) throw new CryptoException($"public key must be {Length} bytes, got {bytes.Length}");
        if (!Secp256k1.Current.IsValidXOnlyPublicKey(bytes)) throw new CryptoException("public key is not a point on secp256k1");
        return new PublicKey(bytes.ToArray());
    }

    public static PublicKey FromHex(string hex)
    {
        byte[] bytes;
        try { bytes = Convert.FromHexString(hex.Trim()); }
        catch (FormatException) { throw new CryptoException("public key is not hex"); }
        return FromBytes(bytes);
    }

    internal static PublicKey FromTrustedBytes(byte[] bytes) => new(bytes);

    /// <summary>Verifies a BIP340 signature over TaggedHash(tag, message).</summary>
    public bool Verify(string tag, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        SignatureChecks.Verified();
        return Secp256k1.Current.VerifySchnorr(signature, TaggedHash.Compute(tag, message), _bytes);
    }

    public string ToHex() => Convert.ToHexStringLower(_bytes);

    public override string ToString() => ToHex();

    public bool Equals(PublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
}
