namespace GigGossip.Protocol.Tests.Crypto;

public class Bip340BackendTests
{
    public static TheoryData<string, Bip340Vectors.Vector> Cases() => For(Bip340Vectors.All);

    public static TheoryData<string, Bip340Vectors.Vector> SigningCases() => For(Bip340Vectors.All.Where(v => v.SecretKey.Length > 0));

    private static TheoryData<string, Bip340Vectors.Vector> For(IEnumerable<Bip340Vectors.Vector> vectors)
    {
        var data = new TheoryData<string, Bip340Vectors.Vector>();
        foreach (var backend in new[] { "managed", "native" })
            foreach (var vector in vectors) data.Add(backend, vector);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verification_matches_the_vector(string backend, Bip340Vectors.Vector v)
    {
        var ok = Backends.Get(backend).VerifySchnorr(Convert.FromHexString(v.Signature), Convert.FromHexString(v.Message), Convert.FromHexString(v.PublicKey));
        Assert.Equal(v.Valid, ok);
    }

    [Theory]
    [MemberData(nameof(SigningCases))]
    public void Signing_reproduces_the_vector(string backend, Bip340Vectors.Vector v)
    {
        var secp = Backends.Get(backend);
        var secretKey = Convert.FromHexString(v.SecretKey);
        Assert.Equal(v.PublicKey, Convert.ToHexString(secp.GetXOnlyPublicKey(secretKey)));
        Assert.Equal(v.Signature, Convert.ToHexString(secp.SignSchnorr(Convert.FromHexString(v.Message), secretKey, Convert.FromHexString(v.AuxRand))));
    }
}
