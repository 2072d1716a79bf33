using System.Text;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;
using GigGossip.Network.Tcp;
using GigGossip.Network.Noise;
using GigGossip.Node.Control;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Topics;
using Google.Protobuf;
using static GigGossip.FuzzHarness.Fixtures;

namespace GigGossip.FuzzHarness;

/// <summary>Every decoder of outside input, one target each, by the name the harness and the corpus folders use.</summary>
public static class Targets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        FuzzTarget.Throwing<FrameFormatException>("frame", "FrameCodec.Decode", bytes => FrameCodec.Decode(bytes)),
        FuzzTarget.Throwing<FrameFormatException>("reply-payload", "FrameReader.ReadReplyPayload", bytes => FrameReader.ReadReplyPayload(bytes)),
        FuzzTarget.Throwing<OnionException>("onion", "BackwardOnion.Peel", bytes => BackwardOnion.Peel(Bob, bytes)),
        FuzzTarget.NeverThrowing("certificate", "CertificateVerifier.Verify", bytes => CertificateVerifier.Verify(
            new SignedCertificate { Certificate = ByteString.CopyFrom(bytes), Signature = AliceCertificate.Signature }, Trusted, Now)),
        FuzzTarget.NeverThrowing("revocation-list", "RevocationLists.Verify", bytes => RevocationLists.Verify(
            new SignedRevocationList { RevocationList = ByteString.CopyFrom(bytes), Signature = ByteString.CopyFrom(new byte[64]) }, Settler.PublicKey)),
        FuzzTarget.NeverThrowing("request", "SignedRequests.Verify", bytes => SignedRequests.Verify(
            new SignedRequestPayload { RequestPayload = ByteString.CopyFrom(bytes), Signature = ByteString.CopyFrom(new byte[64]) })),
        FuzzTarget.NeverThrowing("promise", "SettlementPromises.Verify", bytes => SettlementPromises.Verify(
            new SignedSettlementPromise { SettlementPromise = ByteString.CopyFrom(bytes), Signature = ByteString.CopyFrom(new byte[64]) }, Trusted)),
        FuzzTarget.Throwing<Bolt11FormatException>("bolt11", "Bolt11Invoice.Decode", bytes => Bolt11Invoice.Decode(Encoding.Latin1.GetString(bytes))),
        FuzzTarget.Throwing<HandshakeException>("bolt8-act1", "NoiseHandshake.ReadActOne", bytes => NoiseHandshake.Responder(Bob).ReadActOne(bytes)),
        FuzzTarget.Throwing<InvalidPeerAddressException>("peer-address", "PeerAddress.Parse", bytes => PeerAddress.Parse(Encoding.Latin1.GetString(bytes))),
        FuzzTarget.Throwing<BitcoinFormatException>("transaction", "TransactionHex.Parse", bytes => TransactionHex.Parse(bytes)),
        FuzzTarget.Throwing<BitcoinFormatException>("segwit-address", "SegwitAddress.Parse", bytes => SegwitAddress.Parse(Encoding.Latin1.GetString(bytes), BitcoinNetwork.Regtest)),
        FuzzTarget.Throwing<HtlcException, BitcoinFormatException>("htlc-script", "HtlcContract.FromWitnessScript", bytes => HtlcContract.FromWitnessScript(bytes)),
        FuzzTarget.Throwing<GeohashFormatException>("geohash", "Geohash.Decode", bytes => Geohash.Decode(Encoding.Latin1.GetString(bytes))),
        FuzzTarget.Throwing<CryptoException>("public-key", "PublicKey.FromHex", bytes => PublicKey.FromHex(Encoding.Latin1.GetString(bytes))),
        FuzzTarget.Throwing<Node.Config.ConfigException>("node-config", "NodeConfig.Load", NodeConfigFromFile),
        FuzzTarget.Throwing<System.Text.Json.JsonException, ControlRequestException>("control-taxi", "control API POST /v1/requests/taxi body",
            bytes => TaxiTopics.Build(System.Text.Json.JsonSerializer.Deserialize<TaxiRequestBody>(bytes, ControlApi.RequestJson)
                ?? throw ControlRequestException.BadRequest("null body"), Now.ToUnixTimeMilliseconds(), Geohash.MaxPrecision)),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>The node config reader reads a file: the input is written to one first (one file per thread, deleted after).</summary>
    private static void NodeConfigFromFile(byte[] bytes)
    {
        var file = Path.Combine(Path.GetTempPath(), $"giggossip-fuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}.json");
        File.WriteAllBytes(file, bytes);
        try
        {
            Node.Config.NodeConfig.Load(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
