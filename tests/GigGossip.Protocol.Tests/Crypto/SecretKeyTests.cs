using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Tests.Crypto;

public class SecretKeyTests
{
    [Fact]
    public void Odd_y_secret_key_is_normalised_and_keeps_its_public_key_and_signatures()
    {
        var backend = new ManagedSecp256k1();
        var raw = Enumerable.Range(1, 64).Select(k => Scalar((byte)k)).First(k => backend.GetCompressedPublicKey(k)[0] == 0x03);
        var key = SecretKey.FromBytes(raw);
        Assert.NotEqual(raw, key.Bytes.ToArray());
        Assert.Equal(backend.GetXOnlyPublicKey(raw), key.PublicKey.Bytes.ToArray());
        Assert.Equal(0x02, backend.GetCompressedPublicKey(key.Bytes)[0]);
        Assert.Equal(key.CompressedPublicKey, backend.GetCompressedPublicKey(key.Bytes));
        var message = new byte[32];
        Assert.Equal(backend.SignSchnorr(message, raw, message), backend.SignSchnorr(message, key.Bytes, message));
    }

    private static byte[] Scalar(byte last)
    {
        var bytes = new byte[32];
        bytes[31] = last;
        return bytes;
    }

    [Fact]
    public void Ecdh_with_x_only_keys_agrees_on_both_sides()
    {
        for (var i = 0; i < 20; i++)
        {
            var a = SecretKey.Generate();
            var b = SecretKey.Generate();
            Assert.Equal(a.SharedSecret(b.PublicKey.Bytes), b.SharedSecret(a.PublicKey.Bytes));
        }
    }

    [Fact]
    public void Signature_verifies_only_under_its_own_tag()
    {
        var key = SecretKey.Generate();
        var signature = key.Sign(SignatureTags.RequestPayload, [1, 2, 3]);
        Assert.True(key.PublicKey.Verify(SignatureTags.RequestPayload, [1, 2, 3], signature));
        Assert.False(key.PublicKey.Verify(SignatureTags.Certificate, [1, 2, 3], signature));
        Assert.False(key.PublicKey.Verify(SignatureTags.RequestPayload, [1, 2, 4], signature));
    }

    [Fact]
    public void Out_of_range_secret_key_is_refused()
    {
        Assert.Throws<CryptoException>(() => SecretKey.FromBytes(new byte[32]));
        Assert.Throws<CryptoException>(() => SecretKey.FromBytes(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141")));
        Assert.Throws<CryptoException>(() => SecretKey.FromBytes(new byte[31]));
    }
}
