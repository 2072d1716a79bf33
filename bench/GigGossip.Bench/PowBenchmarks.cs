using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Pow;

namespace GigGossip.Bench;

/// <summary>
/// Proof-of-work tries on one thread against a target no hash meets; times are per try.
/// "managed" and "libcrypto" are the solver's engines (midstate: one SHA-256 compression per try);
/// "oneshot" hashes the whole 80-byte work unit with System.Security.Cryptography.SHA256 per try, for comparison.
/// </summary>
public class PowBenchmarks
{
    private const int Tries = 1 << 16;
    private static readonly PowTarget Impossible = PowTarget.FromLeadingZeroBits(256);
    private readonly PowWorkUnit _unit = new(RandomNumberGenerator.GetBytes(32), SecretKey.Generate().PublicKey, 1_760_000_000_000);
    private readonly byte[] _hash = new byte[32];
    private ulong _next;

    [Params("managed", "libcrypto", "oneshot")]
    public string Engine { get; set; } = "managed";

    [Benchmark(OperationsPerInvoke = Tries)]
    public bool Try()
    {
        var first = _next;
        _next += Tries;
        return Engine switch
        {
            "managed" => PowEngine.Managed.TrySearch(_unit, Impossible, first, Tries, out _),
            "libcrypto" => (PowEngine.Libcrypto ?? throw new InvalidOperationException("libcrypto did not load")).TrySearch(_unit, Impossible, first, Tries, out _),
            _ => OneShot(first),
        };
    }

    private bool OneShot(ulong first)
    {
        var workUnit = _unit.ToBytes(first);
        var found = false;
        for (var i = 0; i < Tries; i++)
        {
            workUnit[^1] = (byte)i;
            SHA256.HashData(workUnit, _hash);
            found |= Impossible.IsMetBy(_hash);
        }
        return found;
    }
}
