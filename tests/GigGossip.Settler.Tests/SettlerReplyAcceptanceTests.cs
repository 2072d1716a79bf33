using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Settler.Tests.Support;
using InvoiceState = GigGossip.Protocol.Bolt11.InvoiceState;

namespace GigGossip.Settler.Tests;

/// <summary>
/// The settler sees only its own invoices (its wallet refuses every look at another account, <see cref="OwnInvoicesOnlyWallet"/>)
/// and learns that the reply invoice is Accepted from the driver's signed statement (docs/protocol/reply-acceptance.md).
/// Every test checks that the sum of all balances plus held money is unchanged, to the millisatoshi.
/// </summary>
public sealed class SettlerReplyAcceptanceTests : MoneyConservingSettlerTests
{
    private Task Settled(Ride ride) =>
        World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled } c && c.PaymentHash.AsSpan().SequenceEqual(ride.NetworkHash));

    [Fact]
    public async Task Settler_that_sees_only_its_own_invoices_reveals_the_key_once_the_driver_states_its_reply_invoice_accepted()
    {
        var ride = await NetworkPaidRideAsync(_ => World.Time.GetUtcNow().AddHours(2));

        var notYet = Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal()));
        Assert.Equal(SettlerRefusal.NotYet, notYet.Reason);
        Assert.Contains("reply invoice accepted: False", notYet.Message);
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.DriverStatesAcceptedAsync()).Reason);
        var key = Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal())).NetworkPreimage;
        Assert.True(Preimages.Matches(key, ride.NetworkHash));

        var settled = Settled(ride);
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
        await settled.Within();
        var preimage = Assert.IsType<PreimagePublished>(await ride.DriverStatesAcceptedAsync()).Preimage;
        await World.Driver.SettleAsync(PaymentHash.FromBytes(ride.ReplyHash), Preimage.FromBytes(preimage), Ct);

        Assert.Equal(SettlerWorld.DriverPrice, World.Balance(World.Driver));
        Assert.Equal(1_000, World.SettlerBalance);
        Assert.Equal(SettlerWorld.SenderFunding - SettlerWorld.DriverPrice - 1_000, World.Balance(World.Sender));
        Assert.Equal(0, World.Ledger.Audit().Totals.HeldMsat);
        Assert.Empty(World.RefusedLooks);
    }

    [Fact]
    public async Task Statement_signed_by_anyone_but_the_promised_replier_is_refused_and_opens_nothing()
    {
        var ride = await NetworkPaidRideAsync();
        var longHold = ride.MinHoldUntil.AddHours(1).ToUnixTimeMilliseconds();

        Assert.Equal(SettlerRefusal.Unauthorized, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.AcceptedStatement(longHold, World.SenderKey))).Reason);
        Assert.Equal(SettlerRefusal.Unauthorized, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.AcceptedStatement(longHold, SecretKey.Generate()))).Reason);
        var tampered = ride.AcceptedStatement(longHold) with { HoldUntilUnixMs = longHold + 1 };
        Assert.Equal(SettlerRefusal.Unauthorized, Assert.IsType<SettlerRefused>(await ride.CallAsync(tampered)).Reason);
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal())).Reason);

        await DisputedAndRefundedAsync(ride);
    }

    [Fact]
    public async Task Statement_about_another_invoice_than_the_promised_reply_invoice_is_refused()
    {
        var ride = await NetworkPaidRideAsync();
        var longHold = ride.MinHoldUntil.AddHours(1).ToUnixTimeMilliseconds();

        var refused = Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.AcceptedStatement(longHold, invoice: ride.Promise.SettlerNetworkInvoice)));
        Assert.Equal(SettlerRefusal.BadRequest, refused.Reason);
        Assert.Contains("reply invoice the settlement promise names", refused.Message);
        Assert.Equal(SettlerRefusal.Unknown, Assert.IsType<SettlerRefused>(await ride.CallAsync(
            Protocol.Engine.ReplyAcceptedRequest.Create(new byte[32], ride.ReplyInvoice.Bolt11, longHold, World.DriverKey))).Reason);
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal())).Reason);

        await DisputedAndRefundedAsync(ride);
    }

    [Fact]
    public async Task Stated_hold_shorter_than_min_hold_until_cancels_the_job_and_every_held_millisatoshi_goes_back()
    {
        var ride = await NetworkPaidRideAsync(r => r.MinHoldUntil.AddMinutes(-1));

        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.DriverStatesAcceptedAsync()).Reason);
        var cancelled = Cancelled(ride);
        var refused = Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal()));
        Assert.Equal(SettlerRefusal.HoldTooShort, refused.Reason);
        Assert.Contains("reply invoice is held until", refused.Message);

        Assert.Equal(SettlerRefusal.Cancelled, Assert.IsType<SettlerRefused>(await ride.DriverStatesAcceptedAsync()).Reason);
        await World.Driver.CancelAsync(PaymentHash.FromBytes(ride.ReplyHash), Ct);
        await cancelled.Within();
        AssertSenderRefunded();
    }

    /// <summary>
    /// The cheat: the driver says its reply invoice is Accepted while the rider never paid it. The lie gets the key (the
    /// driver's own contact) to the rider, who paid the network fee it agreed to; the settler settles only its own network
    /// invoice and publishes the reply preimage, with which the driver can collect nothing: the liar is the one unpaid.
    /// </summary>
    [Fact]
    public async Task Replier_who_states_its_reply_invoice_accepted_when_it_is_not_is_the_one_left_unpaid()
    {
        var ride = await NetworkPaidRideAsync();
        Assert.Equal(InvoiceState.Open, (await World.Driver.GetInvoiceAsync(PaymentHash.FromBytes(ride.ReplyHash), Ct))!.State);

        var lie = ride.AcceptedStatement(ride.MinHoldUntil.AddHours(1).ToUnixTimeMilliseconds());
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(lie)).Reason);
        Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal()));
        await SettledAtServiceEndAsync(ride);

        var preimage = Assert.IsType<PreimagePublished>(await ride.CallAsync(lie)).Preimage;
        await Assert.ThrowsAsync<WalletException>(() => World.Driver.SettleAsync(PaymentHash.FromBytes(ride.ReplyHash), Preimage.FromBytes(preimage), Ct));
        Assert.Equal(0, World.Balance(World.Driver));
        Assert.Equal(SettlerWorld.SenderFunding - 1_000, World.Balance(World.Sender));
        Assert.Equal(1_000, World.SettlerBalance);
        Assert.Equal(0, World.Ledger.Audit().Totals.HeldMsat);
    }

    /// <summary>
    /// The other lie: the rider pays the reply invoice with a hold shorter than the job needs, and the driver states a longer
    /// one to get the key out. The rider's hold expires before settlement: its money comes back; the driver is unpaid.
    /// </summary>
    [Fact]
    public async Task Replier_who_states_a_longer_hold_than_its_wallet_shows_is_the_one_left_unpaid()
    {
        var ride = await NetworkPaidRideAsync(r => DateTimeOffset.FromUnixTimeMilliseconds(r.ServiceEndUnixMs).AddMinutes(-5));

        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.AcceptedStatement(ride.MinHoldUntil.AddHours(1).ToUnixTimeMilliseconds()))).Reason);
        Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal()));
        await SettledAtServiceEndAsync(ride);

        var preimage = Assert.IsType<PreimagePublished>(await ride.CallAsync(new PreimageRequest(ride.ReplyHash))).Preimage;
        await Assert.ThrowsAsync<WalletException>(() => World.Driver.SettleAsync(PaymentHash.FromBytes(ride.ReplyHash), Preimage.FromBytes(preimage), Ct));
        Assert.Equal(0, World.Balance(World.Driver));
        Assert.Equal(SettlerWorld.SenderFunding - 1_000, World.Balance(World.Sender));
        Assert.Equal(0, World.Ledger.Audit().Totals.HeldMsat);
    }

    /// <summary>A promised ride whose network invoice the rider paid (and its reply invoice, held until <paramref name="replyHold"/>, when given), once the settler saw its own invoice Accepted.</summary>
    private async Task<Ride> NetworkPaidRideAsync(Func<Ride, DateTimeOffset>? replyHold = null)
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        var networkAccepted = World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Accepted });
        await World.Sender.PayAsync(ride.Promise.SettlerNetworkInvoice, World.Time.GetUtcNow().AddHours(2), Ct);
        if (replyHold is not null) await World.Sender.PayAsync(ride.ReplyInvoice.Bolt11, replyHold(ride), Ct);
        await networkAccepted.Within();
        return ride;
    }

    private async Task SettledAtServiceEndAsync(Ride ride)
    {
        var settled = Settled(ride);
        World.Time.Advance(TimeSpan.FromMilliseconds(ride.ServiceEndUnixMs - World.NowMs));
        await settled.Within();
    }

    private async Task DisputedAndRefundedAsync(Ride ride)
    {
        var cancelled = Cancelled(ride);
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Disputed)));
        await cancelled.Within();
        AssertSenderRefunded();
    }

    private Task Cancelled(Ride ride) =>
        World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Cancelled } c && c.PaymentHash.AsSpan().SequenceEqual(ride.NetworkHash));

    private void AssertSenderRefunded()
    {
        Assert.Equal(0, World.Ledger.Audit().Totals.HeldMsat);
        Assert.Equal(SettlerWorld.SenderFunding, World.Balance(World.Sender));
        Assert.Equal(0, World.Balance(World.Driver));
        Assert.Equal(0, World.SettlerBalance);
    }
}
