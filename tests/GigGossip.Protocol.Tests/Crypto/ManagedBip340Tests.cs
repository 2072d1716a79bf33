using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Tests.Crypto;

public class ManagedBip340Tests
{
    private static readonly ManagedSecp256k1 Backend = new();

    public static TheoryData<Bip340Vectors.Vector> Vectors => [.. Bip340Vectors.All];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verification_matches_vector(Bip340Vectors.Vector v)
    {
        var ok = Backend.VerifySchnorr(Convert.FromHexString(v.Signature), Convert.FromHexString(v.Message), Convert.FromHexString(v.PublicKey));
        Assert.Equal(v.Valid, ok);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Signing_reproduces_vector(Bip340Vectors.Vector v)
    {
        if (v.SecretKey.Length == 0) return;
        var sk = Convert.FromHexString(v.SecretKey);
        Assert.Equal(v.PublicKey, Convert.ToHexString(Backend.GetXOnlyPublicKey(sk)));
        Assert.Equal(v.Signature, Convert.ToHexString(Backend.SignSchnorr(Convert.FromHexString(v.Message), sk, Convert.FromHexString(v.AuxRand))));
    }
}
