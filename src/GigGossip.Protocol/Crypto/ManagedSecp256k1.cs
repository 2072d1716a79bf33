using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using SHA256 = System.Security.Cryptography.SHA256;

namespace GigGossip.Protocol.Crypto;

/// <summary>secp256k1 on BouncyCastle: the fallback when libsecp256k1 is not installed.</summary>
public sealed class ManagedSecp256k1 : ISecp256k1
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");
    private static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    private static readonly BigInteger N = Curve.N;
    private static readonly BigInteger HalfN = Curve.N.ShiftRight(1);
    private static readonly BigInteger P = Curve.Curve.Field.Characteristic;
    private static readonly FixedPointCombMultiplier BaseMultiplier = new();

    public string Name => "managed";

    public bool IsValidSecretKey(ReadOnlySpan<byte> secretKey) =>
        secretKey.Length == 32 && new BigInteger(1, secretKey.ToArray()) is var d && d.SignValue > 0 && d.CompareTo(N) < 0;

    public bool IsValidXOnlyPublicKey(ReadOnlySpan<byte> xOnlyPublicKey) => LiftX(xOnlyPublicKey) is not null;

    public byte[] GetXOnlyPublicKey(ReadOnlySpan<byte> secretKey) => XBytes(MultiplyG(SecretScalar(secretKey)));

    public byte[] GetCompressedPublicKey(ReadOnlySpan<byte> secretKey) => MultiplyG(SecretScalar(secretKey)).GetEncoded(true);

    public byte[] SignSchnorr(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> auxRand32)
    {
        RequireLength(message32, 32, "message");
        RequireLength(auxRand32, 32, "auxiliary randomness");
        var d0 = SecretScalar(secretKey);
        var publicPoint = MultiplyG(d0);
        var d = publicPoint.AffineYCoord.TestBitZero() ? N.Subtract(d0) : d0;
        var px = XBytes(publicPoint);

        var t = To32(d);
        var auxHash = TaggedHash.Compute("BIP0340/aux", auxRand32);
        for (var i = 0; i < 32; i++) t[i] ^= auxHash[i];
        var nonceHash = TaggedHash.Compute("BIP0340/nonce", [.. t, .. px, .. message32]);
        var k0 = new BigInteger(1, nonceHash).Mod(N);
        if (k0.SignValue == 0) throw new CryptoException("BIP340 nonce is zero");
        var r = MultiplyG(k0);
        var k = r.AffineYCoord.TestBitZero() ? N.Subtract(k0) : k0;
        var rx = XBytes(r);
        var e = Challenge(rx, px, message32);
        var signature = new byte[64];
        rx.CopyTo(signature, 0);
        To32(k.Add(e.Multiply(d)).Mod(N)).CopyTo(signature, 32);
        if (!VerifySchnorr(signature, message32, px)) throw new CryptoException("BIP340 signature failed its own verification");
        return signature;
    }

    public bool VerifySchnorr(ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> xOnlyPublicKey)
    {
        if (signature64.Length != 64 || message32.Length != 32) return false;
        var publicPoint = LiftX(xOnlyPublicKey);
        if (publicPoint is null) return false;
        var r = new BigInteger(1, signature64[..32].ToArray());
        var s = new BigInteger(1, signature64[32..].ToArray());
        if (r.CompareTo(P) >= 0 || s.CompareTo(N) >= 0) return false;
        var e = Challenge(signature64[..32], xOnlyPublicKey, message32);
        var rPoint = ECAlgorithms.SumOfTwoMultiplies(Curve.G, s, publicPoint, N.Subtract(e)).Normalize();
        return !rPoint.IsInfinity && !rPoint.AffineYCoord.TestBitZero() && rPoint.AffineXCoord.ToBigInteger().Equals(r);
    }

    public byte[] Ecdh(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> publicKey)
    {
        var point = DecodePublicKey(publicKey) ?? throw new CryptoException("invalid public key for ECDH");
        var shared = point.Multiply(SecretScalar(secretKey)).Normalize();
        return SHA256.HashData(shared.GetEncoded(true));
    }

    public byte[] SignEcdsaRecoverable(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> secretKey, out int recoveryId)
    {
        RequireLength(hash32, 32, "hash");
        var d = SecretScalar(secretKey);
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(d, Domain));
        var rs = signer.GenerateSignature(hash32.ToArray());
        var s = rs[1].CompareTo(HalfN) > 0 ? N.Subtract(rs[1]) : rs[1];
        var compact = new byte[64];
        To32(rs[0]).CopyTo(compact, 0);
        To32(s).CopyTo(compact, 32);
        var expected = MultiplyG(d).GetEncoded(true);
        for (recoveryId = 0; recoveryId < 4; recoveryId++)
        {
            if (RecoverEcdsa(compact, recoveryId, hash32) is { } candidate && candidate.AsSpan().SequenceEqual(expected))
                return compact;
        }
        throw new CryptoException("ECDSA recovery id not found");
    }

    public byte[]? RecoverEcdsa(ReadOnlySpan<byte> compact64, int recoveryId, ReadOnlySpan<byte> hash32)
    {
        if (compact64.Length != 64 || hash32.Length != 32 || recoveryId is < 0 or > 3) return null;
        var r = new BigInteger(1, compact64[..32].ToArray());
        var s = new BigInteger(1, compact64[32..].ToArray());
        if (r.SignValue == 0 || s.SignValue == 0 || r.CompareTo(N) >= 0 || s.CompareTo(N) >= 0) return null;
        var x = (recoveryId & 2) != 0 ? r.Add(N) : r;
        if (x.CompareTo(P) >= 0) return null;
        var rPoint = DecodePublicKey([(byte)((recoveryId & 1) == 0 ? 0x02 : 0x03), .. To32(x)]);
        if (rPoint is null) return null;
        var e = new BigInteger(1, hash32.ToArray()).Mod(N);
        var rInverse = r.ModInverse(N);
        var q = ECAlgorithms.SumOfTwoMultiplies(Curve.G, N.Subtract(e).Multiply(rInverse).Mod(N), rPoint, s.Multiply(rInverse).Mod(N)).Normalize();
        return q.IsInfinity ? null : q.GetEncoded(true);
    }

    public bool VerifyEcdsa(ReadOnlySpan<byte> compact64, ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> compressedPublicKey)
    {
        if (compact64.Length != 64 || hash32.Length != 32 || compressedPublicKey.Length != 33) return false;
        var point = DecodePublicKey(compressedPublicKey);
        if (point is null) return false;
        var r = new BigInteger(1, compact64[..32].ToArray());
        var s = new BigInteger(1, compact64[32..].ToArray());
        if (r.SignValue == 0 || s.SignValue == 0 || r.CompareTo(N) >= 0 || s.CompareTo(HalfN) > 0) return false;
        var verifier = new ECDsaSigner();
        verifier.Init(false, new ECPublicKeyParameters(point, Domain));
        return verifier.VerifySignature(hash32.ToArray(), r, s);
    }

    private static BigInteger Challenge(ReadOnlySpan<byte> rx, ReadOnlySpan<byte> px, ReadOnlySpan<byte> message) =>
        new BigInteger(1, TaggedHash.Compute("BIP0340/challenge", [.. rx, .. px, .. message])).Mod(N);

    private static ECPoint MultiplyG(BigInteger k) => BaseMultiplier.Multiply(Curve.G, k).Normalize();

    private static BigInteger SecretScalar(ReadOnlySpan<byte> secretKey)
    {
        RequireLength(secretKey, 32, "secret key");
        var d = new BigInteger(1, secretKey.ToArray());
        if (d.SignValue == 0 || d.CompareTo(N) >= 0) throw new CryptoException("secret key is out of range");
        return d;
    }

    private static ECPoint? LiftX(ReadOnlySpan<byte> x) => x.Length == 32 ? DecodePublicKey([0x02, .. x]) : null;

    private static ECPoint? DecodePublicKey(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length == 32) return LiftX(encoded);
        if (encoded.Length != 33 || (encoded[0] != 0x02 && encoded[0] != 0x03)) return null;
        if (new BigInteger(1, encoded[1..].ToArray()).CompareTo(P) >= 0) return null;
        try
        {
            var point = Curve.Curve.DecodePoint(encoded.ToArray()).Normalize();
            return point.IsValid() ? point : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static byte[] XBytes(ECPoint point) => To32(point.AffineXCoord.ToBigInteger());

    private static byte[] To32(BigInteger value)
    {
        var bytes = value.ToByteArrayUnsigned();
        if (bytes.Length == 32) return bytes;
        var padded = new byte[32];
        bytes.CopyTo(padded, 32 - bytes.Length);
        return padded;
    }

    private static void RequireLength(ReadOnlySpan<byte> bytes, int length, string what)
    {
        if (bytes.Length != length) throw new CryptoException($"{what} must be {length} bytes, got {bytes.Length}");
    }
}
