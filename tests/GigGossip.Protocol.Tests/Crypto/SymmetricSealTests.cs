using System.Security.Cryptography;
using CsCheck;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Tests.Crypto;

public class SymmetricSealTests
{
    private static readonly byte[] Preimage = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    public void Preimage_opens_what_it_sealed(int length)
    {
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var sealedBytes = SymmetricSeal.Seal(Preimage, plaintext);
        Assert.Equal(length + SymmetricSeal.Overhead, sealedBytes.Length);
        Assert.Equal(plaintext, SymmetricSeal.Open(Preimage, sealedBytes));
    }

    [Fact]
    public void Seal_is_random_nonce_then_chacha20_poly1305_under_the_preimage()
    {
        var sealedBytes = SymmetricSeal.Seal(Preimage, [9, 8, 7]);
        var decrypted = new byte[3];
        using var aead = new ChaCha20Poly1305(Preimage);
        aead.Decrypt(sealedBytes[..12], sealedBytes[12..^16], sealedBytes[^16..], decrypted);
        Assert.Equal([9, 8, 7], decrypted);
        Assert.NotEqual(sealedBytes[..12], SymmetricSeal.Seal(Preimage, [9, 8, 7])[..12]);
    }

    [Fact]
    public void Flipping_any_bit_of_a_seal_makes_it_fail_to_open()
    {
        Gen.Byte.Array[0, 64].Sample(plaintext =>
        {
            var sealedBytes = SymmetricSeal.Seal(Preimage, plaintext);
            foreach (var tampered in TamperCases.BitFlips(sealedBytes))
                Assert.Throws<DecryptionFailedException>(() => SymmetricSeal.Open(Preimage, tampered));
        }, iter: 50);
    }

    [Fact]
    public void Truncated_or_extended_seal_fails_to_open()
    {
        var sealedBytes = SymmetricSeal.Seal(Preimage, RandomNumberGenerator.GetBytes(24));
        foreach (var damaged in TamperCases.Truncations(sealedBytes).Concat(TamperCases.Extensions(sealedBytes)))
            Assert.Throws<DecryptionFailedException>(() => SymmetricSeal.Open(Preimage, damaged));
    }

    [Fact]
    public void Wrong_preimage_fails_to_open()
    {
        var sealedBytes = SymmetricSeal.Seal(Preimage, [1, 2, 3]);
        Assert.Throws<DecryptionFailedException>(() => SymmetricSeal.Open(RandomNumberGenerator.GetBytes(32), sealedBytes));
        Assert.Throws<DecryptionFailedException>(() => SymmetricSeal.Open(Preimage[..31], sealedBytes));
        Assert.Throws<DecryptionFailedException>(() => SymmetricSeal.Open([.. Preimage, 0], sealedBytes));
    }

    [Fact]
    public void Sealing_needs_a_32_byte_key()
    {
        Assert.Throws<ArgumentException>(() => SymmetricSeal.Seal(new byte[16], [1]));
    }
}
