using BenchmarkDotNet.Attributes;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Bench;

/// <summary>
/// BOLT 8 costs without I/O: one 1 KiB message encrypted by one side and decrypted by the other
/// (length prefix and body, key rotation included), and one complete three-act handshake (both sides).
/// </summary>
[MemoryDiagnoser]
public class NoiseBenchmarks
{
    private readonly SecretKey _initiatorKey = SecretKey.Generate();
    private readonly SecretKey _responderKey = SecretKey.Generate();
    private readonly byte[] _message = new byte[1024];
    private readonly byte[] _wire = new byte[NoiseProtocol.EncryptedMessageLength(1024)];
    private readonly byte[] _plain = new byte[1024];
    private NoiseTransport _sender = null!;
    private NoiseTransport _receiver = null!;

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(_message);
        var (initiator, responder) = Handshake();
        _sender = initiator.Transport;
        _receiver = responder.Transport;
    }

    [Benchmark(Description = "encrypt+decrypt 1 KiB message")]
    public void EncryptDecrypt1KiB()
    {
        _sender.Encrypt(_message, _wire);
        var length = _receiver.DecryptHeader(_wire.AsSpan(0, NoiseProtocol.EncryptedHeaderLength));
        _receiver.DecryptBody(_wire.AsSpan(NoiseProtocol.EncryptedHeaderLength, length + NoiseProtocol.TagLength), _plain);
    }

    [Benchmark(Description = "handshake (both sides, three acts)")]
    public bool FullHandshake() => Handshake().Initiator.IsComplete;

    private (NoiseHandshake Initiator, NoiseHandshake Responder) Handshake()
    {
        var initiator = NoiseHandshake.Initiator(_initiatorKey, _responderKey.CompressedPublicKey);
        var responder = NoiseHandshake.Responder(_responderKey);
        responder.ReadActOne(initiator.WriteActOne());
        initiator.ReadActTwo(responder.WriteActTwo());
        responder.ReadActThree(initiator.WriteActThree());
        return (initiator, responder);
    }
}
