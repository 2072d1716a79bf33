using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Tests.Support;
using InvoiceState = GigGossip.Protocol.Bolt11.InvoiceState;

namespace GigGossip.Settler.Tests;

/// <summary>A ride through the settler service over HTTP, with real certificates and a real ledger.</summary>
public sealed class SettlerFlowTests : MoneyConservingSettlerTests
{
    [Fact]
    public async Task Done_job_settles_everyone_and_publishes_both_preimages()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        await ride.PaidAsync();

        var key = Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal())).NetworkPreimage;
        Assert.True(Preimages.Matches(key, ride.NetworkHash));
        // The reply payload opens with the revealed key and the sender's own key only (issue #15: the published key alone does not).
        Assert.Equal(ride.ReplyPayload, ReplyPayloadSeal.Open(key, World.SenderKey, ride.Promise.EncryptedReplyPayload));
        Assert.Throws<DecryptionFailedException>(() => ReplyPayloadSeal.Open(key, World.DriverKey, ride.Promise.EncryptedReplyPayload));
        var settled = World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
        await settled.Within();

        Assert.Equal(key, Assert.IsType<PreimagePublished>(await ride.CallAsync(new PreimageRequest(ride.NetworkHash))).Preimage);
        var replyPreimage = Assert.IsType<PreimagePublished>(await ride.CallAsync(new PreimageRequest(ride.ReplyHash))).Preimage;
        await World.Driver.SettleAsync(PaymentHash.FromBytes(ride.ReplyHash), Preimage.FromBytes(replyPreimage), Ct);
        Assert.Equal(SettlerWorld.DriverPrice, World.Balance(World.Driver));
        Assert.Equal(1_000, World.SettlerBalance);
        Assert.Equal(SettlerWorld.SenderFunding - SettlerWorld.DriverPrice - 1_000, World.Balance(World.Sender));
        Assert.Equal(0, World.Ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public async Task Key_is_not_revealed_before_both_invoices_are_accepted()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal())).Reason);

        var networkAccepted = World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Accepted });
        await World.Sender.PayAsync(ride.Promise.SettlerNetworkInvoice, World.Time.GetUtcNow().AddHours(2), Ct);
        await networkAccepted.Within();
        var refused = Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal()));
        Assert.Equal(SettlerRefusal.NotYet, refused.Reason);
        Assert.Contains("reply invoice accepted: False", refused.Message);
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.Report(JobOutcome.Done))).Reason);

        await ride.CallAsync(ride.Report(JobOutcome.Disputed));
    }

    [Fact]
    public async Task Key_and_reports_are_refused_to_anyone_but_the_sender()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        await ride.PaidAsync();

        Assert.Equal(SettlerRefusal.Unauthorized, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal(World.DriverKey))).Reason);
        Assert.Equal(SettlerRefusal.Unauthorized, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.Report(JobOutcome.Done, SecretKey.Generate()))).Reason);
        Assert.Equal(SettlerRefusal.Unknown, Assert.IsType<SettlerRefused>(await ride.CallAsync(new KeyRevealRequest(new byte[32], new byte[64]) { TimestampUnixMs = World.NowMs, Nonce = new byte[16] })).Reason);
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(new PreimageRequest(ride.ReplyHash))).Reason);

        await ride.CallAsync(ride.Report(JobOutcome.Disputed));
    }

    /// <summary>Before the key reveal nothing was given away, so a dispute still cancels (after it, the job freezes: SettlerDisputeTests).</summary>
    [Fact]
    public async Task Dispute_before_the_key_reveal_cancels_and_every_held_millisatoshi_goes_back()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        await ride.PaidAsync();

        var cancelled = World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Cancelled });
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Disputed)));
        await cancelled.Within();

        Assert.Equal(SettlerRefusal.Cancelled, Assert.IsType<SettlerRefused>(await ride.CallAsync(new PreimageRequest(ride.ReplyHash))).Reason);
        Assert.Equal(SettlerRefusal.Cancelled, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal())).Reason);
        await World.Driver.CancelAsync(PaymentHash.FromBytes(ride.ReplyHash), Ct);
        Assert.Equal(SettlerWorld.SenderFunding, World.Balance(World.Sender));
        Assert.Equal(0, World.SettlerBalance);
        Assert.Equal(0, World.Ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public async Task Job_is_cancelled_when_the_money_is_not_locked_before_the_lock_timeout()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        var cancelled = World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Cancelled });

        World.Time.Advance(TimeSpan.FromMilliseconds(new Protocol.Settlement.SettlerPolicy().LockTimeoutMs + 1));

        await cancelled.Within();
        Assert.Equal(InvoiceState.Cancelled, (await World.Ledger.OpenAccount(World.Server.Host.WalletAccount).GetInvoiceAsync(PaymentHash.FromBytes(ride.NetworkHash), Ct))!.State);
        Assert.Equal(SettlerRefusal.Cancelled, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal())).Reason);
    }

    [Fact]
    public async Task Revoked_sender_certificate_gets_no_reply_hash()
    {
        var (senderCertificate, driverCertificate) = await World.CertifyAsync();
        var ride = new Ride(World, senderCertificate, driverCertificate);
        var serial = senderCertificate.ReadCertificate().Serial.ToByteArray();

        var list = RevocationLists.Verify(await World.Admin.RevokeAsync(serial, Ct), await World.Settler.GetPublicKeyAsync(Ct));
        Assert.True(list.IsValid);
        Assert.Contains(Google.Protobuf.ByteString.CopyFrom(serial), list.List!.RevokedSerials);
        var refused = Assert.IsType<SettlerRefused>(await World.Settler.CallAsync(ride.ReplyHashRequest(), Ct));
        Assert.Equal(SettlerRefusal.BadRequest, refused.Reason);
        Assert.Equal(list.List.RevokedSerials, RevocationLists.Verify(await World.Settler.GetRevocationListAsync(Ct), await World.Settler.GetPublicKeyAsync(Ct)).List!.RevokedSerials);
    }

    [Fact]
    public async Task Certificate_carries_the_granted_properties_and_names_the_settler()
    {
        var (_, driver) = await World.CertifyAsync();
        var certificate = driver.ReadCertificate();

        Assert.Equal(World.Server.Host.Uri, certificate.IssuerUri);
        Assert.Equal(World.Server.Host.PublicKey.Bytes.ToArray(), certificate.IssuerPublicKey.ToByteArray());
        Assert.Equal(World.DriverKey.PublicKey.Bytes.ToArray(), certificate.SubjectPublicKey.ToByteArray());
        Assert.Equal([1], certificate.Properties["driving_licence"].ToByteArray());
    }
}
