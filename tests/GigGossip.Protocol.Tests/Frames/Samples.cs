using Google.Protobuf;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Tests.Frames;

/// <summary>Valid frames of every kind, built with real keys and signatures.</summary>
internal static class Samples
{
    public const string SettlerUri = "https://settler.example";
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
    public static readonly SecretKey Settler = SecretKey.Generate();
    public static readonly SecretKey Sender = SecretKey.Generate();
    public static readonly SecretKey Replier = SecretKey.Generate();

    public static SignedCertificate Certificate(SecretKey subject, SecretKey? issuer = null) =>
        CertificateIssuer.Issue(
            issuer ?? Settler,
            SettlerUri,
            CertificateIssuer.NewSerial(),
            subject.PublicKey,
            new Dictionary<string, byte[]> { [CertificateProperties.DrivingLicence] = "B"u8.ToArray() },
            Now.AddDays(-1),
            Now.AddDays(365));

    public static Topic Taxi() => new()
    {
        Taxi = new TaxiTopic
        {
            FromGeohash = "r3gx2g5",
            ToGeohash = "r3gx2u9",
            PickupAfterUnixMs = Now.ToUnixTimeMilliseconds(),
            PickupBeforeUnixMs = Now.AddMinutes(30).ToUnixTimeMilliseconds(),
            DistanceM = 4200,
        },
    };

    public static SignedRequestPayload Request() => SignedRequests.Create(Taxi(), Certificate(Sender), Sender, Now.AddMinutes(10).ToUnixTimeMilliseconds());

    public static ByteString Bytes(int length, byte fill = 0xAB) => ByteString.CopyFrom(Enumerable.Repeat(fill, length).ToArray());

    public static Frame AskForBroadcast() => new()
    {
        AskForBroadcast = new AskForBroadcastFrame { AskId = FrameIds.New(), SignedRequestPayload = Request() },
    };

    public static Frame PowBroadcastConditions() => new()
    {
        PowBroadcastConditions = new PowBroadcastConditionsFrame
        {
            AskId = FrameIds.New(),
            ValidTillUnixMs = Now.AddSeconds(30).ToUnixTimeMilliseconds(),
            WorkRequest = new WorkRequest { PowScheme = "sha256", PowTarget = Bytes(32, 0x0F) },
            TimestampToleranceMs = 10_000,
            RoutingFeeMsat = 1_000,
        },
    };

    public static Frame PowBroadcast() => new()
    {
        PowBroadcast = new PowBroadcastFrame
        {
            AskId = FrameIds.New(),
            BroadcastPayload = new BroadcastPayload { SignedRequestPayload = Request(), BackwardOnion = Bytes(200) }.ToByteString(),
            ProofOfWork = new ProofOfWork { PowScheme = "sha256", TimestampUnixMs = Now.ToUnixTimeMilliseconds(), Nonce = 123_456_789 },
        },
    };

    public static SettlementPromise Promise() => new()
    {
        SettlerUri = SettlerUri,
        SettlerPublicKey = ByteString.CopyFrom(Settler.PublicKey.Bytes),
        NetworkPaymentHash = Bytes(32, 1),
        HashOfEncryptedReplyPayload = Bytes(32, 2),
        ReplyPaymentHash = Bytes(32, 3),
        PayloadId = FrameIds.New(),
        ReplyPaymentAmountMsat = 25_000_000,
        NetworkAmountMsat = 1_000,
    };

    public static Frame Reply() => new()
    {
        Reply = new ReplyFrame
        {
            EncryptedReplyPayload = Bytes(500),
            SettlementPromise = SettlementPromises.Sign(Promise(), Settler),
            BackwardOnion = Bytes(200),
            NetworkInvoice = "lnbcrt10n1ptest",
            EncryptedReplyInvoice = Bytes(300),
        },
    };

    public static Frame CancelBroadcast() => new() { CancelBroadcast = CancelBroadcasts.Create(FrameIds.New(), Sender) };

    public static IReadOnlyList<Frame> AllKinds() => [AskForBroadcast(), PowBroadcastConditions(), PowBroadcast(), Reply(), CancelBroadcast()];

    /// <summary>Re-serializes a message carried as bytes after an edit (signatures no longer match, which the codec does not check).</summary>
    public static ByteString Edit<T>(ByteString bytes, MessageParser<T> parser, Action<T> edit) where T : IMessage<T>
    {
        var message = parser.ParseFrom(bytes);
        edit(message);
        return message.ToByteString();
    }
}
