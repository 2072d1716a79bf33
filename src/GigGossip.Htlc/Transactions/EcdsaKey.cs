using System.Security.Cryptography;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Htlc.Transactions;

/// <summary>
/// A secp256k1 secret key used as Bitcoin uses it: ECDSA signatures checked against the 33-byte compressed public key
/// of either parity (unlike <see cref="SecretKey"/>, which keeps the even-y scalar for x-only keys).
/// </summary>
public sealed class EcdsaKey
{
    private readonly byte[] _secret;

    private EcdsaKey(byte[] secret)
    {
        _secret = secret;
        PublicKey = Secp256k1.Current.GetCompressedPublicKey(secret);
    }

    /// <summary>The 33-byte compressed public key (02 or 03 prefix).</summary>
    public byte[] PublicKey { get; }

    public static EcdsaKey Generate()
    {
        var bytes = new byte[32];
        do RandomNumberGenerator.Fill(bytes);
        while (!Secp256k1.Current.IsValidSecretKey(bytes));
        return new EcdsaKey(bytes);
    }

    public static EcdsaKey FromBytes(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != 32) throw new BitcoinFormatException($"secret key must be 32 bytes, got {secret.Length}");
        if (!Secp256k1.Current.IsValidSecretKey(secret)) throw new BitcoinFormatException("secret key is out of range");
        return new EcdsaKey(secret.ToArray());
    }

    /// <summary>A key written as 64 hex digits (surrounding whitespace ignored).</summary>
    public static EcdsaKey FromHex(string hex) => FromBytes(Hex.Parse(hex, "secret key", 32));

    /// <summary>The secret as 64 hex digits, the key file format; handle with care.</summary>
    public string SecretHex => Hex.Of(_secret);

    /// <summary>RFC6979 low-S ECDSA as a compact 64-byte r||s.</summary>
    public byte[] SignCompact(ReadOnlySpan<byte> hash32) => Secp256k1.Current.SignEcdsaRecoverable(hash32, _secret, out _);

    /// <summary>A script signature: strict DER of the low-S signature followed by the sighash type byte.</summary>
    public byte[] SignForScript(ReadOnlySpan<byte> sighash, byte hashType) => [.. DerSignature.Encode(SignCompact(sighash)), hashType];

    /// <summary>True when the bytes are a valid 33-byte compressed secp256k1 public key.</summary>
    public static bool IsCompressedPublicKey(ReadOnlySpan<byte> key) =>
        key.Length == 33 && (key[0] == 0x02 || key[0] == 0x03) && Secp256k1.Current.IsValidXOnlyPublicKey(key[1..]);

    public static byte[] ParsePublicKey(string hex, string what)
    {
        var key = Hex.Parse(hex, what);
        if (key.Length != 33) throw new BitcoinFormatException($"{what} must be a 33-byte compressed public key, got {key.Length} bytes");
        if (!IsCompressedPublicKey(key)) throw new BitcoinFormatException($"{what} is not a compressed secp256k1 public key");
        return key;
    }
}
