using System.Security.Cryptography;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Tests.Crypto;

/// <summary>The memo answers as its backend does, for BIP340 and ECDSA alike, and checks anything not seen before for real.</summary>
public class VerificationMemoTests
{
    [Fact]
    public void Schnorr_and_ecdsa_verdicts_are_the_backend_s_and_a_repeat_is_a_hit()
    {
        var inner = Secp256k1.Current is VerificationMemo memo ? memo.Inner : Secp256k1.Current;
        var cache = new VerificationMemo(inner);
        var key = SecretKey.Generate();
        var secret = key.Bytes.ToArray();
        var hash = SHA256.HashData("gig-gossip memo"u8);

        var schnorr = inner.SignSchnorr(hash, secret, new byte[32]);
        var ecdsa = inner.SignEcdsaRecoverable(hash, secret, out _);
        var compressed = inner.GetCompressedPublicKey(secret);
        var xOnly = inner.GetXOnlyPublicKey(secret);

        Assert.True(cache.VerifySchnorr(schnorr, hash, xOnly));
        Assert.True(cache.VerifyEcdsa(ecdsa, hash, compressed));
        Assert.Equal((0L, 2L), (cache.Hits, cache.Misses));
        Assert.True(cache.VerifySchnorr(schnorr, hash, xOnly));
        Assert.True(cache.VerifyEcdsa(ecdsa, hash, compressed));
        Assert.Equal((2L, 2L), (cache.Hits, cache.Misses));

        var otherHash = (byte[])hash.Clone();
        otherHash[0] ^= 1;
        Assert.False(cache.VerifySchnorr(schnorr, otherHash, xOnly));
        Assert.False(cache.VerifyEcdsa(ecdsa, otherHash, compressed));
        var otherEcdsa = (byte[])ecdsa.Clone();
        otherEcdsa[5] ^= 1;
        Assert.Equal(inner.VerifyEcdsa(otherEcdsa, hash, compressed), cache.VerifyEcdsa(otherEcdsa, hash, compressed));
        Assert.False(cache.VerifyEcdsa(ecdsa, hash, SecretKey.Generate().CompressedPublicKey));
        Assert.Equal((2L, 6L), (cache.Hits, cache.Misses));
    }
}
