using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Bench;

/// <summary>Encryption to a public key of a 1 KiB message: one ephemeral key and one ECDH each way.</summary>
[MemoryDiagnoser]
public class SealedBoxBenchmarks
{
    private readonly SecretKey _recipient = SecretKey.Generate();
    private readonly byte[] _plaintext = RandomNumberGenerator.GetBytes(1024);
    private byte[] _box = [];

    [GlobalSetup]
    public void Setup() => _box = SealedBox.Seal(_recipient.PublicKey, _plaintext);

    [Benchmark]
    public byte[] Seal() => SealedBox.Seal(_recipient.PublicKey, _plaintext);

    [Benchmark]
    public byte[] Open() => SealedBox.Open(_recipient, _box);
}
