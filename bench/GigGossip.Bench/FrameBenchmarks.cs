using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Topics;

namespace GigGossip.Bench;

/// <summary>What a middleman spends on one AskForBroadcast before any policy decision: decode, request signature, sender certificate.</summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
    private byte[] _askBytes = [];
    private SignedRequestPayload _request = new();
    private SignedCertificate _certificate = new();
    private TrustedSettlers _trusted = new([]);

    [GlobalSetup]
    public void Setup()
    {
        var settler = SecretKey.Generate();
        var sender = SecretKey.Generate();
        _certificate = CertificateIssuer.Issue(settler, "https://settler.example", CertificateIssuer.NewSerial(), sender.PublicKey,
            new Dictionary<string, byte[]>(), Now.AddDays(-1), Now.AddDays(1));
        var topic = new Topic { Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = "r3gx2u9", PickupBeforeUnixMs = 1 } };
        _request = SignedRequests.Create(topic, _certificate, sender, Now.AddHours(1).ToUnixTimeMilliseconds());
        _askBytes = FrameCodec.Encode(new Frame { AskForBroadcast = new AskForBroadcastFrame { AskId = FrameIds.New(), SignedRequestPayload = _request } });
        var list = CertificateIssuer.SignRevocationList(settler, Enumerable.Range(0, 1000).Select(_ => CertificateIssuer.NewSerial()).ToArray(), Now.AddHours(-1), Now.AddHours(1));
        _trusted = new TrustedSettlers([new TrustedSettler(settler.PublicKey, "https://settler.example", list)]);
    }

    [Benchmark]
    public Frame DecodeAskForBroadcast() => FrameCodec.Decode(_askBytes);

    [Benchmark]
    public RequestVerdict VerifySignedRequest() => SignedRequests.Verify(_request).Verdict;

    [Benchmark]
    public CertificateVerdict VerifySenderCertificate() => CertificateVerifier.Verify(_certificate, _trusted, Now);

    [Benchmark]
    public string EncodeGeohash() => Geohash.Encode(-33.8647, 151.2096, 7);

    [Benchmark]
    public ByteString NewPayloadId() => FrameIds.New();
}
