using System.Security.Cryptography;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using Google.Protobuf;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>A settler, a sender and a replier with certificates, and the money state a node has mid-payment.</summary>
internal sealed class StateFixture
{
    public const string SettlerUri = "https://settler.example";
    public const long Now = 1_790_000_000_000;

    public SecretKey Settler { get; } = SecretKey.Generate();
    public SecretKey SenderKey { get; } = SecretKey.Generate();
    public SecretKey ReplierKey { get; } = SecretKey.Generate();
    public SecretKey MiddlemanKey { get; } = SecretKey.Generate();
    public byte[] NetworkPreimage { get; } = RandomNumberGenerator.GetBytes(32);
    public byte[] ReplyPreimage { get; } = RandomNumberGenerator.GetBytes(32);

    public byte[] NetworkHash => Preimages.HashOf(NetworkPreimage);

    public byte[] ReplyHash => Preimages.HashOf(ReplyPreimage);

    /// <summary>
    /// No settler answers these engines, so requests are signed with the node's own key at once (the one-time keys of
    /// issue #15 have their own tests: OneTimeKeyStateTests, and through the simulator).
    /// </summary>
    public NodePolicy Policy => new()
    {
        OneTimeSenderKeys = false,
        TrustedSettlers = new TrustedSettlers([new TrustedSettler(Settler.PublicKey, SettlerUri,
            CertificateIssuer.SignRevocationList(Settler, [], DateTimeOffset.FromUnixTimeMilliseconds(Now - 1_000), DateTimeOffset.FromUnixTimeMilliseconds(Now + 3_600_000)))]),
    };

    public NodeEngine Engine(SecretKey key) => new(new NodeIdentity(key, Certificate(key)), Policy, new Random(1));

    public SignedCertificate Certificate(SecretKey subject) => CertificateIssuer.Issue(Settler, SettlerUri, CertificateIssuer.NewSerial(), subject.PublicKey,
        new Dictionary<string, byte[]>(), DateTimeOffset.FromUnixTimeMilliseconds(Now - 86_400_000), DateTimeOffset.FromUnixTimeMilliseconds(Now + 86_400_000));

    public SignedRequestPayload Request { get; }

    public StateFixture()
    {
        Request = SignedRequests.Create(new Topic
        {
            Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = "r3gx2u0", PickupAfterUnixMs = Now, PickupBeforeUnixMs = Now + 600_000, DistanceM = 3_200 },
        }, Certificate(SenderKey), SenderKey, Now + 600_000);
    }

    public string PayloadId => Convert.ToHexStringLower(Request.ReadRequestPayload().PayloadId.Span);

    public static string Invoice(SecretKey issuer, byte[] paymentHash, long amountMsat) => Bolt11Encoder.Encode(new Bolt11InvoiceDraft(
        Bolt11Network.Regtest, amountMsat, DateTimeOffset.FromUnixTimeMilliseconds(Now), PaymentHash.FromBytes(paymentHash), PaymentSecret.Generate(), "test"), issuer.Bytes);

    public RouteState Route(bool paidDownstream) =>
        new(NetworkHash, Invoice(ReplierKey, NetworkHash, 2_000), 2_000, 3_000, SenderKey.PublicKey, paidDownstream);

    /// <summary>The offer as the sender holds it: the reply payload sealed to the sender and under the network preimage, the contact sealed to the sender.</summary>
    public Offer Offer()
    {
        var message = new ReplyMessage { Contact = "call 555-0100", PriceMsat = 25_000_000 };
        var payload = new ReplyPayload
        {
            ReplierCertificate = Certificate(ReplierKey),
            SignedRequestPayload = Request,
            EncryptedReplyMessage = ByteString.CopyFrom(SealedBox.Seal(SenderKey.PublicKey, message.ToByteArray())),
            ReplyInvoice = Invoice(ReplierKey, ReplyHash, 25_000_000),
        };
        return new Offer("offer1", PayloadId, NetworkHash, Invoice(MiddlemanKey, NetworkHash, 3_000), 3_000, 1_000, payload.ReplyInvoice, ReplyHash,
            25_000_000, SettlerUri, Settler.PublicKey, ReplyPayloadSeal.Seal(NetworkPreimage, SenderKey.PublicKey, payload.ToByteArray()), Now - 5_000);
    }

    public SenderJobState SenderJob(byte[]? revealed = null) => new(Request.ToByteArray(), Now - 1_000, Offer(), revealed, false, false);

    public ReplierJobState ReplierJob() => new(PayloadId, Request.ToByteArray(), SenderKey.PublicKey, ReplyHash,
        Invoice(ReplierKey, ReplyHash, 25_000_000), [1, 2, 3], 25_000_000, SettlerUri);
}
