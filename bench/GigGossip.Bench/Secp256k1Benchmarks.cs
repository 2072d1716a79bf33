using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Bench;

/// <summary>BIP340 sign and verify and ECDH on each secp256k1 backend.</summary>
[MemoryDiagnoser]
public class Secp256k1Benchmarks
{
    private readonly byte[] _secret = SHA256.HashData("bench"u8);
    private readonly byte[] _message = SHA256.HashData("message"u8);
    private readonly byte[] _aux = new byte[32];
    private ISecp256k1 _backend = new ManagedSecp256k1();
    private byte[] _publicKey = [];
    private byte[] _peer = [];
    private byte[] _signature = [];

    [Params("managed", "native")]
    public string Backend { get; set; } = "managed";

    [GlobalSetup]
    public void Setup()
    {
        _backend = Backend == "managed"
            ? new ManagedSecp256k1()
            : NativeSecp256k1.TryLoad(out var reason) ?? throw new InvalidOperationException(reason);
        _publicKey = _backend.GetXOnlyPublicKey(_secret);
        _peer = _backend.GetCompressedPublicKey(SHA256.HashData("peer"u8));
        _signature = _backend.SignSchnorr(_message, _secret, _aux);
    }

    [Benchmark]
    public byte[] Sign() => _backend.SignSchnorr(_message, _secret, _aux);

    [Benchmark]
    public bool Verify() => _backend.VerifySchnorr(_signature, _message, _publicKey);

    [Benchmark]
    public byte[] Ecdh() => _backend.Ecdh(_secret, _peer);
}
