using System.Text;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Payments;

/// <summary>
/// A funding notice sealed to its invoice's payee (<see cref="SealedBox"/>: ephemeral key, ECDH, HKDF-SHA256,
/// ChaCha20-Poly1305), so the middlemen that carry it cannot read the contract, the outpoint or, from the chain, the
/// amount. The payee is the key that signed the invoice (33-byte compressed, as BOLT 11 writes it); only the wallet
/// holding that key opens the box, and any change to the box makes it fail to open.
/// </summary>
public static class SealedFundingNotice
{
    /// <summary>The longest sealed notice a frame may carry: the longest notice plus the box's overhead.</summary>
    public const int MaxLength = Protocol.Frames.WireLengths.MaxSealedFundingNotice;

    /// <summary>Seals <paramref name="notice"/> to the invoice's payee key.</summary>
    /// <exception cref="CryptoException">The payee key is not a compressed secp256k1 public key.</exception>
    public static byte[] Seal(string notice, ReadOnlySpan<byte> payeeNodeKey)
    {
        if (payeeNodeKey.Length != 33 || payeeNodeKey[0] is not (0x02 or 0x03))
            throw new CryptoException($"payee key must be a 33-byte compressed public key, got {payeeNodeKey.Length} bytes");
        return SealedBox.Seal(PublicKey.FromBytes(payeeNodeKey[1..]), Encoding.UTF8.GetBytes(notice));
    }

    /// <summary>Opens a notice sealed to the key whose 32-byte secret is <paramref name="payeeSecret"/>.</summary>
    /// <exception cref="DecryptionFailedException">The box was sealed to another key, or changed on the way.</exception>
    public static string Open(ReadOnlySpan<byte> sealedNotice, ReadOnlySpan<byte> payeeSecret)
    {
        if (sealedNotice.Length > MaxLength) throw new DecryptionFailedException($"sealed funding notice is {sealedNotice.Length} bytes, at most {MaxLength}");
        return Encoding.UTF8.GetString(SealedBox.Open(SecretKey.FromBytes(payeeSecret), sealedNotice));
    }
}
