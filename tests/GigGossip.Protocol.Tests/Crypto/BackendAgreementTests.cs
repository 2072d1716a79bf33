using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Tests.Crypto;

/// <summary>The native and managed backends agree bit for bit on 200 random cases from a fixed seed.</summary>
public class BackendAgreementTests
{
    private const int Cases = 200;

    private static IEnumerable<(byte[] Secret, byte[] Other, byte[] Message, byte[] Aux)> RandomCases()
    {
        var random = new Random(340);
        var secp = Backends.Managed;
        for (var i = 0; i < Cases; i++)
        {
            byte[] NewKey()
            {
                var key = new byte[32];
                do random.NextBytes(key);
                while (!secp.IsValidSecretKey(key));
                return key;
            }
            var message = new byte[32];
            var aux = new byte[32];
            random.NextBytes(message);
            random.NextBytes(aux);
            yield return (NewKey(), NewKey(), message, aux);
        }
    }

    [Fact]
    public void Backends_make_identical_keys_signatures_and_shared_secrets()
    {
        var native = Backends.Native;
        var managed = Backends.Managed;
        foreach (var (secret, other, message, aux) in RandomCases())
        {
            Assert.Equal(managed.GetXOnlyPublicKey(secret), native.GetXOnlyPublicKey(secret));
            Assert.Equal(managed.GetCompressedPublicKey(secret), native.GetCompressedPublicKey(secret));
            var schnorr = managed.SignSchnorr(message, secret, aux);
            Assert.Equal(schnorr, native.SignSchnorr(message, secret, aux));
            Assert.True(native.VerifySchnorr(schnorr, message, managed.GetXOnlyPublicKey(secret)));
            var otherCompressed = managed.GetCompressedPublicKey(other);
            Assert.Equal(managed.Ecdh(secret, otherCompressed), native.Ecdh(secret, otherCompressed));
            Assert.Equal(managed.Ecdh(secret, otherCompressed[1..]), native.Ecdh(secret, otherCompressed[1..]));
        }
    }

    [Fact]
    public void Backends_make_identical_recoverable_ecdsa_signatures_and_recover_each_other()
    {
        var native = Backends.Native;
        var managed = Backends.Managed;
        foreach (var (secret, _, hash, _) in RandomCases())
        {
            var compressed = managed.GetCompressedPublicKey(secret);
            var fromManaged = managed.SignEcdsaRecoverable(hash, secret, out var managedId);
            var fromNative = native.SignEcdsaRecoverable(hash, secret, out var nativeId);
            Assert.Equal(fromManaged, fromNative);
            Assert.Equal(managedId, nativeId);
            Assert.Equal(compressed, native.RecoverEcdsa(fromManaged, managedId, hash));
            Assert.Equal(compressed, managed.RecoverEcdsa(fromNative, nativeId, hash));
            Assert.True(native.VerifyEcdsa(fromManaged, hash, compressed));
            Assert.True(managed.VerifyEcdsa(fromNative, hash, compressed));
        }
    }

    [Theory]
    [MemberData(nameof(Backends.Names), MemberType = typeof(Backends))]
    public void Backend_refuses_bad_keys_and_signatures(string name)
    {
        var secp = Backends.Get(name);
        var n = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");
        var p = Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F");
        Assert.False(secp.IsValidSecretKey(new byte[32]));
        Assert.False(secp.IsValidSecretKey(n));
        Assert.False(secp.IsValidSecretKey(new byte[31]));
        Assert.Throws<CryptoException>(() => secp.GetXOnlyPublicKey(n));
        Assert.Throws<CryptoException>(() => secp.SignSchnorr(new byte[32], new byte[32], new byte[32]));
        Assert.False(secp.IsValidXOnlyPublicKey(p));
        byte[] one = [.. new byte[31], 1];
        Assert.Throws<CryptoException>(() => secp.Ecdh(one, p));
        Assert.Throws<CryptoException>(() => secp.Ecdh(n, secp.GetCompressedPublicKey(one)));

        var secret = new byte[32];
        secret[31] = 7;
        var hash = new byte[32];
        hash[0] = 9;
        var compressed = secp.GetCompressedPublicKey(secret);
        var signature = secp.SignEcdsaRecoverable(hash, secret, out var recoveryId);
        var highS = HighS(signature);
        Assert.False(secp.VerifyEcdsa(highS, hash, compressed));
        Assert.NotEqual(compressed, secp.RecoverEcdsa(signature, recoveryId ^ 1, hash));
        Assert.Null(secp.RecoverEcdsa(signature, 4, hash));
        var schnorr = secp.SignSchnorr(hash, secret, hash);
        var rAboveP = (byte[])schnorr.Clone();
        p.CopyTo(rAboveP, 0);
        Assert.False(secp.VerifySchnorr(rAboveP, hash, secp.GetXOnlyPublicKey(secret)));
        var sAboveN = (byte[])schnorr.Clone();
        n.CopyTo(sAboveN, 32);
        Assert.False(secp.VerifySchnorr(sAboveN, hash, secp.GetXOnlyPublicKey(secret)));
    }

    private static byte[] HighS(byte[] compact)
    {
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var s = new System.Numerics.BigInteger(compact.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var high = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = (byte[])compact.Clone();
        Array.Clear(result, 32, 32);
        high.CopyTo(result, 64 - high.Length);
        return result;
    }
}
