using GigGossip.Htlc.Bitcoin;
using NBitcoin;

namespace GigGossip.Htlc.Transactions;

/// <summary>
/// A secp256k1 secret key used as Bitcoin uses it (NBitcoin's <see cref="Key"/>): ECDSA signatures checked against the
/// 33-byte compressed public key of either parity (unlike Protocol's SecretKey, which keeps the even-y scalar for x-only keys).
/// </summary>
public sealed class EcdsaKey
{
    private readonly Key _key;

    private EcdsaKey(Key key)
    {
        _key = key;
        PublicKey = key.PubKey.ToBytes();
    }

    /// <summary>The 33-byte compressed public key (02 or 03 prefix).</summary>
    public byte[] PublicKey { get; }

    public static EcdsaKey Generate() => new(new Key());

    public static EcdsaKey FromBytes(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != 32) throw new BitcoinFormatException($"secret key must be 32 bytes, got {secret.Length}");
        try
        {
            return new EcdsaKey(new Key(secret.ToArray()));
        }
        catch (ArgumentException)
        {
            throw new BitcoinFormatException("secret key is out of range");
        }
    }

    /// <summary>A key written as 64 hex digits (surrounding whitespace ignored).</summary>
    public static EcdsaKey FromHex(string hex) => FromBytes(Hex.Parse(hex, "secret key", 32));

    /// <summary>The secret as 64 hex digits, the key file format; handle with care.</summary>
    public string SecretHex => Hex.Of(_key.ToBytes());

    /// <summary>A script signature: strict DER of the RFC6979 low-S signature followed by the sighash type byte.</summary>
    public byte[] SignForScript(ReadOnlySpan<byte> sighash, byte hashType) =>
        new TransactionSignature(_key.Sign(new uint256(sighash), useLowR: false), (SigHash)hashType).ToBytes();

    /// <summary>True when the bytes are a valid 33-byte compressed secp256k1 public key.</summary>
    public static bool IsCompressedPublicKey(ReadOnlySpan<byte> key) =>
        key.Length == 33 && (key[0] == 0x02 || key[0] == 0x03) && PubKey.TryCreatePubKey(key.ToArray(), out _);

    public static byte[] ParsePublicKey(string hex, string what)
    {
        var key = Hex.Parse(hex, what);
        if (key.Length != 33) throw new BitcoinFormatException($"{what} must be a 33-byte compressed public key, got {key.Length} bytes");
        if (!IsCompressedPublicKey(key)) throw new BitcoinFormatException($"{what} is not a compressed secp256k1 public key");
        return key;
    }
}
