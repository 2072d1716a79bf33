using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Bench;

/// <summary>ChaCha20-Poly1305 of a 1 KiB reply under a settler's preimage.</summary>
[MemoryDiagnoser]
public class SymmetricSealBenchmarks
{
    private readonly byte[] _preimage = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _plaintext = RandomNumberGenerator.GetBytes(1024);
    private byte[] _sealed = [];

    [GlobalSetup]
    public void Setup() => _sealed = SymmetricSeal.Seal(_preimage, _plaintext);

    [Benchmark]
    public byte[] Seal() => SymmetricSeal.Seal(_preimage, _plaintext);

    [Benchmark]
    public byte[] Open() => SymmetricSeal.Open(_preimage, _sealed);
}
