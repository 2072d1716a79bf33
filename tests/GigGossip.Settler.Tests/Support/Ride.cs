using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Google.Protobuf;
using InvoiceState = GigGossip.Protocol.Bolt11.InvoiceState;

namespace GigGossip.Settler.Tests.Support;

/// <summary>One ride through the settler, step by step, as the sender's and driver's nodes would drive it.</summary>
public sealed class Ride(SettlerWorld world, SignedCertificate senderCertificate, SignedCertificate driverCertificate)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public SignedRequestPayload Request { get; } = SignedRequests.Create(new Topic
    {
        Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = "r3gx2u0", PickupAfterUnixMs = world.NowMs, PickupBeforeUnixMs = world.NowMs + 600_000, DistanceM = 3_200 },
    }, senderCertificate, world.SenderKey, world.NowMs + 600_000);

    public SignedCertificate DriverCertificate => driverCertificate;

    public byte[] ReplyHash { get; private set; } = [];

    public HodlInvoice ReplyInvoice { get; private set; } = null!;

    public byte[] ReplyPayload { get; private set; } = [];

    public SettlementPromiseIssued Promise { get; private set; } = null!;

    public byte[] NetworkHash => Promise.Promise.ReadSettlementPromise().NetworkPaymentHash.ToByteArray();

    public static async Task<Ride> CertifiedAsync(SettlerWorld world)
    {
        var (sender, driver) = await world.CertifyAsync();
        return new Ride(world, sender, driver);
    }

    /// <summary>The driver gets its reply hash, issues its reply invoice on it and gets a promise with the settler's network invoice.</summary>
    public async Task<Ride> PromisedAsync()
    {
        var hash = await world.Settler.CallAsync(ReplyHashRequest(), Ct);
        ReplyHash = Assert.IsType<ReplyPaymentHashIssued>(hash).ReplyPaymentHash;
        ReplyInvoice = await world.Driver.CreateInvoiceAsync(new HodlInvoiceRequest(PaymentHash.FromBytes(ReplyHash), SettlerWorld.DriverPrice, "ride", MinFinalCltvExpiryDelta: 1), Ct);
        var payload = new ReplyPayload
        {
            ReplierCertificate = driverCertificate,
            SignedRequestPayload = Request,
            EncryptedReplyMessage = ByteString.CopyFrom(SealedBox.Seal(world.SenderKey.PublicKey, new ReplyMessage { Contact = "+61 400 000 000", PriceMsat = SettlerWorld.DriverPrice }.ToByteArray())),
            ReplyInvoice = ReplyInvoice.Bolt11,
        };
        ReplySignatures.Sign(payload, Request.ReadRequestPayload().PayloadId, world.DriverKey);
        ReplyPayload = payload.ToByteArray();
        Promise = Assert.IsType<SettlementPromiseIssued>(await world.Settler.CallAsync(PromiseRequest(), Ct));
        return this;
    }

    /// <summary>The driver's reply-hash request, signed now with its key and showing its certificate.</summary>
    public ReplyPaymentHashRequest ReplyHashRequest() => ReplyPaymentHashRequest.Create(Request, driverCertificate, world.DriverKey, world.NowMs);

    public SettlementPromiseRequest PromiseRequest() => new(Request, world.DriverKey.PublicKey, ReplyPayload, ReplyInvoice.Bolt11);

    /// <summary>What the settler's promise says every hold must last past (end of pickup window + completion + dispute window + margin).</summary>
    public DateTimeOffset MinHoldUntil => DateTimeOffset.FromUnixTimeMilliseconds(Promise.Promise.ReadSettlementPromise().MinHoldUntilUnixMs);

    /// <summary>End of the pickup window plus the completion time: when an undisputed job settles.</summary>
    public long ServiceEndUnixMs => Promise.Promise.ReadSettlementPromise().ServiceEndUnixMs;

    /// <summary>
    /// The sender pays the network invoice and the reply invoice; returns once the settler has seen its network invoice
    /// Accepted in its own wallet and the driver, seeing its reply invoice Accepted in its own wallet, has said so (signed).
    /// </summary>
    public async Task PaidAsync(DateTimeOffset? networkHoldUntil = null, DateTimeOffset? replyHoldUntil = null)
    {
        var networkAccepted = world.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Accepted } c && c.PaymentHash.AsSpan().SequenceEqual(NetworkHash));
        await world.Sender.PayAsync(Promise.SettlerNetworkInvoice, networkHoldUntil ?? world.Time.GetUtcNow().AddHours(2), Ct);
        await world.Sender.PayAsync(ReplyInvoice.Bolt11, replyHoldUntil ?? world.Time.GetUtcNow().AddHours(2), Ct);
        await networkAccepted.Within();
        await DriverStatesAcceptedAsync();
    }

    /// <summary>The driver reads its own reply invoice (Accepted) and tells the settler so, with the hold its wallet reports.</summary>
    public async Task<SettlerResponse> DriverStatesAcceptedAsync()
    {
        var own = await world.Driver.GetInvoiceAsync(PaymentHash.FromBytes(ReplyHash), Ct);
        Assert.Equal(InvoiceState.Accepted, own!.State);
        return await CallAsync(AcceptedStatement(own.HoldDeadline!.Value.ToUnixTimeMilliseconds()));
    }

    /// <summary>The driver's signed statement that its reply invoice is Accepted and held until <paramref name="holdUntilUnixMs"/> (true or not).</summary>
    public ReplyAcceptedRequest AcceptedStatement(long holdUntilUnixMs, SecretKey? signer = null, string? invoice = null) =>
        ReplyAcceptedRequest.Create(ReplyHash, invoice ?? ReplyInvoice.Bolt11, holdUntilUnixMs, signer ?? world.DriverKey);

    /// <summary>The sender's key-reveal request for this job, signed at <paramref name="atUnixMs"/> (now by default) with a fresh nonce.</summary>
    public KeyRevealRequest KeyReveal(SecretKey? signer = null, long? atUnixMs = null) =>
        KeyRevealRequest.Create(signer ?? world.SenderKey, SettlerKey, NetworkHash, ReplyHash, Request.ReadRequestPayload().PayloadId.ToByteArray(),
            atUnixMs ?? world.NowMs, System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeyRevealRequest.NonceLength));

    /// <summary>The settler's key, as its promise names it.</summary>
    public PublicKey SettlerKey => PublicKey.FromBytes(Promise.Promise.ReadSettlementPromise().SettlerPublicKey.Span);

    public JobReportRequest Report(JobOutcome outcome, SecretKey? signer = null) =>
        new(NetworkHash, outcome, (signer ?? world.SenderKey).Sign(SignatureTags.JobReport, JobReportRequest.SignedBytes(NetworkHash, outcome)));

    public PickupReportRequest Pickup(string code, SecretKey? signer = null) =>
        new(NetworkHash, code, (signer ?? world.DriverKey).Sign(SignatureTags.PickupReport, PickupReportRequest.SignedBytes(NetworkHash, code)));

    public DisputeStatementRequest Statement(string statement, SecretKey signer) =>
        new(NetworkHash, statement, signer.Sign(SignatureTags.DisputeStatement, DisputeStatementRequest.SignedBytes(NetworkHash, statement)));

    /// <summary>Paid, and the sender has the key: returns the network preimage (the pickup code derives from it).</summary>
    public async Task<byte[]> RevealedAsync()
    {
        await PaidAsync();
        return Assert.IsType<KeyRevealed>(await CallAsync(KeyReveal())).NetworkPreimage;
    }

    /// <summary>The driver settles its reply invoice with the published reply preimage (what its node does after settlement).</summary>
    public async Task DriverCollectsAsync()
    {
        var preimage = Assert.IsType<PreimagePublished>(await CallAsync(new PreimageRequest(ReplyHash))).Preimage;
        await world.Driver.SettleAsync(PaymentHash.FromBytes(ReplyHash), Preimage.FromBytes(preimage), Ct);
    }

    public Task<SettlerResponse> CallAsync(SettlerRequest request) => world.Settler.CallAsync(request, Ct);
}
