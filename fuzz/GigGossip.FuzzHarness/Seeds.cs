using System.Text;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using Google.Protobuf;
using static GigGossip.FuzzHarness.Fixtures;

namespace GigGossip.FuzzHarness;

/// <summary>Valid inputs for every target: what `seeds DIR` writes as the corpus (committed under fuzz/corpus/TARGET/).</summary>
public static class Seeds
{
    public static IReadOnlyDictionary<string, byte[][]> All()
    {
        var request = SignedRequests.Create(Taxi(), AliceCertificate, Alice, Now.AddMinutes(10).ToUnixTimeMilliseconds());
        var id = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
        var hash = ByteString.CopyFrom(new byte[32]);
        var invoice = Bolt11Encoder.Encode(new Bolt11InvoiceDraft(Bolt11Network.Regtest, 25_000_000, Now, PaymentHash.Of(Preimage.FromBytes(new byte[32])),
            PaymentSecret.FromBytes(new byte[32]), "ride"), Settler.Bytes);
        var contract = new HtlcContract([.. Enumerable.Range(1, 32).Select(i => (byte)i)], Alice.CompressedPublicKey, Bob.CompressedPublicKey, 800_000);
        var funding = NBitcoin.Network.Main.CreateTransaction();
        funding.Version = 2;
        funding.Inputs.Add(new NBitcoin.TxIn(new NBitcoin.OutPoint(NBitcoin.uint256.Zero, 0)) { WitScript = new NBitcoin.WitScript([[0x01]]) });
        funding.Outputs.Add(NBitcoin.Money.Satoshis(50_000), new NBitcoin.Script(contract.ScriptPubKey));
        var promise = new SettlementPromise
        {
            SettlerUri = SettlerUri, SettlerPublicKey = ByteString.CopyFrom(Settler.PublicKey.Bytes), NetworkPaymentHash = hash,
            HashOfEncryptedReplyPayload = hash, ReplyPaymentHash = hash, PayloadId = id, ReplyPaymentAmountMsat = 25_000_000, NetworkAmountMsat = 1_000,
        };
        return new Dictionary<string, byte[][]>
        {
            ["frame"] =
            [
                FrameCodec.Encode(new Frame { AskForBroadcast = new AskForBroadcastFrame { AskId = id, SignedRequestPayload = request } }),
                FrameCodec.Encode(new Frame { CancelBroadcast = new CancelBroadcastFrame { PayloadId = id, Signature = ByteString.CopyFrom(new byte[64]) } }),
                FrameCodec.Encode(new Frame
                {
                    PowBroadcastConditions = new PowBroadcastConditionsFrame
                    {
                        AskId = id, ValidTillUnixMs = Now.ToUnixTimeMilliseconds(), TimestampToleranceMs = 10_000, RoutingFeeMsat = 1_000,
                        WorkRequest = new WorkRequest { PowScheme = "sha256", PowTarget = ByteString.CopyFrom(Enumerable.Repeat((byte)0x0F, 32).ToArray()) },
                    },
                }),
            ],
            ["reply-payload"] =
            [
                new ReplyPayload { ReplierCertificate = AliceCertificate, SignedRequestPayload = request, EncryptedReplyMessage = ByteString.CopyFrom([1, 2, 3]), ReplyInvoice = invoice }.ToByteArray(),
            ],
            ["onion"] = [BackwardOnion.Grow(BackwardOnion.Empty, Alice.PublicKey, Bob.PublicKey), BackwardOnion.Grow(BackwardOnion.Grow(BackwardOnion.Empty, Settler.PublicKey, Alice.PublicKey), Alice.PublicKey, Bob.PublicKey)],
            ["certificate"] = [AliceCertificate.Certificate.ToByteArray()],
            ["revocation-list"] = [CertificateIssuer.SignRevocationList(Settler, [id], Now, Now.AddHours(1)).RevocationList.ToByteArray()],
            ["request"] = [request.RequestPayload.ToByteArray()],
            ["promise"] = [promise.ToByteArray()],
            ["bolt11"] = [Encoding.ASCII.GetBytes(invoice)],
            ["bolt8-act1"] = [NoiseHandshake.Initiator(Alice, Bob.CompressedPublicKey).WriteActOne()],
            ["peer-address"] = [Encoding.ASCII.GetBytes($"{Convert.ToHexStringLower(Bob.CompressedPublicKey)}@127.0.0.1:9735"), Encoding.ASCII.GetBytes($"{Convert.ToHexStringLower(Bob.CompressedPublicKey)}@[::1]:9735")],
            ["transaction"] = [Convert.FromHexString(funding.ToHex())],
            ["segwit-address"] = [Encoding.ASCII.GetBytes(contract.Address(BitcoinNetwork.Regtest).ToString())],
            ["htlc-script"] = [contract.WitnessScript],
            ["geohash"] = [Encoding.ASCII.GetBytes("r3gx2g5"), Encoding.ASCII.GetBytes("u")],
            ["public-key"] = [Encoding.ASCII.GetBytes(Alice.PublicKey.ToHex())],
            ["node-config"] = [Encoding.UTF8.GetBytes($$"""
                { "dataDir": "alice", "certificateFile": "alice/node.cert", "listenPort": 9735, "controlPort": 9736,
                  "peers": ["{{Convert.ToHexStringLower(Bob.CompressedPublicKey)}}@127.0.0.1:9745"], "wallet": { "url": "http://127.0.0.1:8081/" },
                  "trustedSettlers": [{ "uri": "{{SettlerUri}}", "publicKey": "{{Settler.PublicKey.ToHex()}}" }],
                  "workSettler": "{{SettlerUri}}", "work": { "area": "r3gx", "priceSats": 20000, "contact": "call 555" },
                  "policy": { "fanout": 2, "routingFeeMsat": 1000 }, "sender": { "maxPriceMsat": 50000000 } }
                """)],
            ["control-taxi"] = [Encoding.UTF8.GetBytes("""{"from":"r3gx2g5","to":"r3gx2u9","pickupInSeconds":600,"replyWithinSeconds":20}""")],
        };
    }
}
