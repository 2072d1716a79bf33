using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Settler.Tests.Support;
using Google.Protobuf;

namespace GigGossip.Settler.Tests;

/// <summary>
/// Money rule "replies are signed by the replier", against the settler service over HTTP: an impostor holding a licensed
/// driver's public certificate gets neither a reply hash nor a promise, so no one pays it.
/// </summary>
public sealed class ReplierIdentityOverHttpTests : MoneyConservingSettlerTests
{
    [Fact]
    public async Task Impostor_naming_the_drivers_key_gets_no_reply_hash()
    {
        var ride = await Ride.CertifiedAsync(World);
        var impostor = SecretKey.Generate();

        var signedByImpostor = ReplyPaymentHashRequest.Create(ride.Request, ride.DriverCertificate, impostor, World.NowMs) with { Replier = World.DriverKey.PublicKey };
        var bare = new ReplyPaymentHashRequest(ride.Request, World.DriverKey.PublicKey);
        var ownKeyDriversCertificate = ReplyPaymentHashRequest.Create(ride.Request, ride.DriverCertificate, impostor, World.NowMs);

        Assert.Equal(SettlerRefusal.Unauthorized, Assert.IsType<SettlerRefused>(await ride.CallAsync(signedByImpostor)).Reason);
        Assert.Equal(SettlerRefusal.BadRequest, Assert.IsType<SettlerRefused>(await ride.CallAsync(bare)).Reason);
        var refused = Assert.IsType<SettlerRefused>(await ride.CallAsync(ownKeyDriversCertificate));
        Assert.Equal(SettlerRefusal.Unauthorized, refused.Reason);
        Assert.Contains("not the subject", refused.Message, StringComparison.Ordinal);
        Assert.IsType<ReplyPaymentHashIssued>(await ride.CallAsync(ride.ReplyHashRequest()));
    }

    [Fact]
    public async Task Impostor_reply_on_the_drivers_hash_with_its_own_invoice_gets_no_promise()
    {
        var ride = await Ride.CertifiedAsync(World);
        var hash = Assert.IsType<ReplyPaymentHashIssued>(await ride.CallAsync(ride.ReplyHashRequest())).ReplyPaymentHash;
        var impostor = SecretKey.Generate();
        var impostorWallet = World.Ledger.OpenAccount(impostor.PublicKey.ToHex());
        var invoice = await impostorWallet.CreateInvoiceAsync(new HodlInvoiceRequest(PaymentHash.FromBytes(hash), SettlerWorld.DriverPrice, "ride", MinFinalCltvExpiryDelta: 1), Ct);
        var payload = new ReplyPayload
        {
            ReplierCertificate = ride.DriverCertificate,
            SignedRequestPayload = ride.Request,
            EncryptedReplyMessage = ByteString.CopyFrom(SealedBox.Seal(World.SenderKey.PublicKey, new ReplyMessage { Contact = "impostor", PriceMsat = SettlerWorld.DriverPrice }.ToByteArray())),
            ReplyInvoice = invoice.Bolt11,
        };
        ReplySignatures.Sign(payload, ride.Request.ReadRequestPayload().PayloadId, impostor);

        var refused = Assert.IsType<SettlerRefused>(await ride.CallAsync(new SettlementPromiseRequest(ride.Request, World.DriverKey.PublicKey, payload.ToByteArray(), invoice.Bolt11)));

        Assert.Equal(SettlerRefusal.BadRequest, refused.Reason);
        Assert.Contains("not signed by its replier", refused.Message, StringComparison.Ordinal);
        Assert.Equal(SettlerWorld.SenderFunding, World.Balance(World.Sender));
        Assert.Equal(0, World.Balance(impostorWallet));
    }

    [Fact]
    public async Task Honest_driver_gets_a_promise_binding_its_exact_invoice_and_signature()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();

        var promise = ride.Promise.Promise.ReadSettlementPromise();
        var payload = ReplyPayload.Parser.ParseFrom(ride.ReplyPayload);
        Assert.Equal(ReplySignatures.InvoiceHash(ride.ReplyInvoice.Bolt11), promise.ReplyInvoiceHash.ToByteArray());
        Assert.Equal(Preimages.HashOf(payload.ReplierSignature.Span), promise.ReplierSignatureHash.ToByteArray());
    }
}
