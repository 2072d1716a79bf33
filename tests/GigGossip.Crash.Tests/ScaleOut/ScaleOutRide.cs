using System.Security.Cryptography;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Crash.Tests.ScaleOut;

/// <summary>
/// One ride through the round-robin settler as the sender's and driver's nodes drive it: reply hash, reply invoice,
/// promise, both payments held, the driver's signed statement; then either the key reveal and "done" (the driver collects
/// with the published reply preimage) or a dispute before the reveal (both payments go back). A call an instance did not
/// answer is made again, freshly signed, at the other; "not yet" is asked again.
/// </summary>
internal sealed class ScaleOutRide(ScaleOutWorld world, Party sender, Party driver, bool settle)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public bool Settle => settle;

    public Party Driver => driver;

    public byte[] NetworkHash { get; private set; } = [];

    public byte[] ReplyHash { get; private set; } = [];

    /// <summary>Runs the ride; <paramref name="promised"/> is called once its promise is in hand.</summary>
    public async Task RunAsync(Action promised)
    {
        var now = ScaleOutWorld.NowMs;
        var request = SignedRequests.Create(new Topic
        {
            Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = "r3gx2u0", PickupAfterUnixMs = now, PickupBeforeUnixMs = now + 600_000, DistanceM = 3_200 },
        }, sender.Certificate, sender.Key, now + 600_000);
        var payloadId = request.ReadRequestPayload().PayloadId;
        ReplyHash = Expect<ReplyPaymentHashIssued>(await world.Settler.CallAsync(() => ReplyPaymentHashRequest.Create(request, driver.Certificate, driver.Key, ScaleOutWorld.NowMs))).ReplyPaymentHash;
        var replyInvoice = await driver.Wallet.CreateInvoiceAsync(new HodlInvoiceRequest(PaymentHash.FromBytes(ReplyHash), ScaleOutWorld.PriceMsat, "ride", MinFinalCltvExpiryDelta: 1), Ct);
        var payload = new ReplyPayload
        {
            ReplierCertificate = driver.Certificate,
            SignedRequestPayload = request,
            EncryptedReplyMessage = ByteString.CopyFrom(SealedBox.Seal(sender.Key.PublicKey, new ReplyMessage { Contact = "+61 400 000 000", PriceMsat = ScaleOutWorld.PriceMsat }.ToByteArray())),
            ReplyInvoice = replyInvoice.Bolt11,
        };
        ReplySignatures.Sign(payload, payloadId, driver.Key);
        var promise = Expect<SettlementPromiseIssued>(await world.Settler.CallAsync(() => new SettlementPromiseRequest(request, driver.Key.PublicKey, payload.ToByteArray(), replyInvoice.Bolt11)));
        NetworkHash = promise.Promise.ReadSettlementPromise().NetworkPaymentHash.ToByteArray();
        promised();

        var holdUntil = DateTimeOffset.UtcNow.AddHours(2);
        await sender.Wallet.PayAsync(promise.SettlerNetworkInvoice, holdUntil, Ct);
        await sender.Wallet.PayAsync(replyInvoice.Bolt11, holdUntil, Ct);
        var own = await driver.Wallet.GetInvoiceAsync(PaymentHash.FromBytes(ReplyHash), Ct);
        var statement = ReplyAcceptedRequest.Create(ReplyHash, replyInvoice.Bolt11, own!.HoldDeadline!.Value.ToUnixTimeMilliseconds(), driver.Key);
        Expect<SettlerRefused>(await world.Settler.CallAsync(() => statement), SettlerRefusal.NotYet);

        if (settle)
        {
            await UntilAnswerAsync<KeyRevealed>(() => KeyRevealRequest.Create(sender.Key, world.SettlerKey, NetworkHash, ReplyHash, payloadId.ToByteArray(),
                ScaleOutWorld.NowMs, RandomNumberGenerator.GetBytes(KeyRevealRequest.NonceLength)));
            await UntilAnswerAsync<Acknowledged>(() => Report(JobOutcome.Done));
            var preimage = (await UntilAnswerAsync<PreimagePublished>(() => new PreimageRequest(ReplyHash))).Preimage;
            await driver.Wallet.SettleAsync(PaymentHash.FromBytes(ReplyHash), Preimage.FromBytes(preimage), Ct);
        }
        else
        {
            var disputed = await world.Settler.CallAsync(() => Report(JobOutcome.Disputed));
            Assert.True(disputed is Acknowledged or SettlerRefused { Reason: SettlerRefusal.Cancelled }, $"dispute before the reveal: {disputed}");
            // The job is cancelled (its reply may still have a promise asked again after a kill, unpaid, until its lock timeout):
            // the network preimage is never published, and the driver gives up its reply invoice.
            await Bounded.UntilAsync(async () => await world.Settler.CallAsync(() => new PreimageRequest(NetworkHash)) is SettlerRefused { Reason: SettlerRefusal.Cancelled },
                "the job to be cancelled");
            await driver.Wallet.CancelAsync(PaymentHash.FromBytes(ReplyHash), Ct);
        }
    }

    private JobReportRequest Report(JobOutcome outcome) =>
        new(NetworkHash, outcome, sender.Key.Sign(SignatureTags.JobReport, JobReportRequest.SignedBytes(NetworkHash, outcome)));

    /// <summary>Asks (freshly built each time) until the answer is a <typeparamref name="T"/>; "not yet" is asked again, anything else fails.</summary>
    private async Task<T> UntilAnswerAsync<T>(Func<SettlerRequest> request) where T : SettlerResponse
    {
        T? answer = null;
        await Bounded.UntilAsync(async () =>
        {
            var response = await world.Settler.CallAsync(request);
            if (response is SettlerRefused { Reason: SettlerRefusal.NotYet }) return false;
            answer = Expect<T>(response);
            return true;
        }, typeof(T).Name);
        return answer!;
    }

    private static T Expect<T>(SettlerResponse response, SettlerRefusal? reason = null) where T : SettlerResponse
    {
        var expected = Assert.IsType<T>(response, exactMatch: false);
        if (reason is { } r) Assert.Equal(r, (expected as SettlerRefused)!.Reason);
        return expected;
    }
}
