using System.Security.Cryptography;
using System.Text;
using CsCheck;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Tests.Crypto;

public class SealedBoxTests
{
    private static readonly SecretKey Recipient = SecretKey.Generate();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(100_000)]
    public void Recipient_opens_what_was_sealed_to_it(int length)
    {
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var box = SealedBox.Seal(Recipient.PublicKey, plaintext);
        Assert.Equal(length + SealedBox.Overhead, box.Length);
        Assert.Equal(plaintext, SealedBox.Open(Recipient, box));
    }

    [Fact]
    public void Same_plaintext_seals_differently_each_time()
    {
        var first = SealedBox.Seal(Recipient.PublicKey, [1, 2, 3]);
        var second = SealedBox.Seal(Recipient.PublicKey, [1, 2, 3]);
        Assert.NotEqual(first[..SealedBox.EphemeralKeyLength], second[..SealedBox.EphemeralKeyLength]);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Box_layout_is_ephemeral_key_then_chacha20_poly1305_under_the_hkdf_key()
    {
        var plaintext = Encoding.UTF8.GetBytes("offer: 12 sats, pick-up in 4 minutes");
        var box = SealedBox.Seal(Recipient.PublicKey, plaintext);
        var ephemeralKey = box[..32];
        var shared = Recipient.SharedSecret(ephemeralKey);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, [.. ephemeralKey, .. Recipient.PublicKey.Bytes], Encoding.ASCII.GetBytes("gig-gossip/seal"));
        var decrypted = new byte[plaintext.Length];
        using var aead = new ChaCha20Poly1305(key);
        aead.Decrypt(new byte[12], box[32..^16], box[^16..], decrypted);
        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public void Flipping_any_bit_of_a_box_makes_it_fail_to_open()
    {
        Gen.Byte.Array[0, 40].Sample(plaintext =>
        {
            var box = SealedBox.Seal(Recipient.PublicKey, plaintext);
            foreach (var tampered in TamperCases.BitFlips(box))
                Assert.Throws<DecryptionFailedException>(() => SealedBox.Open(Recipient, tampered));
        }, iter: 8);
    }

    [Fact]
    public void Truncated_or_extended_box_fails_to_open()
    {
        var box = SealedBox.Seal(Recipient.PublicKey, RandomNumberGenerator.GetBytes(24));
        foreach (var damaged in TamperCases.Truncations(box).Concat(TamperCases.Extensions(box)))
            Assert.Throws<DecryptionFailedException>(() => SealedBox.Open(Recipient, damaged));
    }

    [Fact]
    public void Box_sealed_to_another_key_fails_to_open()
    {
        var box = SealedBox.Seal(SecretKey.Generate().PublicKey, [1, 2, 3]);
        Assert.Throws<DecryptionFailedException>(() => SealedBox.Open(Recipient, box));
    }

    [Fact]
    public void Ephemeral_key_off_the_curve_fails_to_open()
    {
        var box = SealedBox.Seal(Recipient.PublicKey, [1, 2, 3]);
        box.AsSpan(0, 32).Fill(0xff);
        var e = Assert.Throws<DecryptionFailedException>(() => SealedBox.Open(Recipient, box));
        Assert.Null(e.InnerException);
    }
}
