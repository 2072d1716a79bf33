using System.Security.Cryptography;
using CsCheck;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Pow;
using static GigGossip.Protocol.Tests.Pow.PowFixture;

namespace GigGossip.Protocol.Tests.Pow;

public class PowEngineTests
{
    public static TheoryData<string> Engines => ["managed", "libcrypto"];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Engine_hash_equals_system_sha256_of_the_work_unit(string name)
    {
        var engine = Engine(name);
        var middleman = SecretKey.Generate().PublicKey;
        Gen.Select(Gen.Byte.Array[32], Gen.Long, Gen.ULong).Sample((digest, timestamp, nonce) =>
        {
            var unit = new PowWorkUnit(digest, middleman, timestamp);
            var hash = new byte[32];
            engine.Hash(unit, nonce, hash);
            Assert.Equal(SHA256.HashData(unit.ToBytes(nonce)), hash);
        }, iter: 1000);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Engine_search_finds_the_first_valid_nonce(string name)
    {
        var engine = Engine(name);
        Assert.True(engine.TrySearch(Unit, Target, 0, (int)Nonce + 1, out var found));
        Assert.Equal(Nonce, found);
        Assert.False(engine.TrySearch(Unit, Target, 0, (int)Nonce, out _));
        Assert.Equal(Nonce, PowSolver.Solve(Unit, Target, 1, CancellationToken.None, engine));
    }

    [Fact]
    public void Current_engine_is_named_in_its_choice()
    {
        Assert.Contains(PowEngine.Current.Name, PowEngine.Choice);
    }

    private static PowEngine Engine(string name)
    {
        if (name == "managed") return PowEngine.Managed;
        Assert.SkipWhen(PowEngine.Libcrypto is null, "OpenSSL 3 libcrypto is not installed; the libcrypto pow engine is not tested");
        return PowEngine.Libcrypto!;
    }
}
