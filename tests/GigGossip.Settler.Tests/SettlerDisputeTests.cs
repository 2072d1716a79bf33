using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Client;
using GigGossip.Settler.Tests.Support;
using InvoiceState = GigGossip.Protocol.Bolt11.InvoiceState;

namespace GigGossip.Settler.Tests;

/// <summary>
/// The money rules against a cheating rider or driver, through the settler service over HTTP with a real ledger:
/// a dispute after the key reveal freezes the job until the operator (or the written default) decides; the key is
/// revealed only when the money is held long enough; an undisputed job settles at the end of its window; a settled
/// job cannot be disputed. Every test ends with the sum of all balances plus held money unchanged (to the msat).
/// </summary>
public sealed class SettlerDisputeTests : MoneyConservingSettlerTests
{
    private const long SettlerFee = 1_000;

    private Task<HodlInvoice?> NetworkInvoiceAsync(Ride ride) =>
        World.Ledger.OpenAccount(World.Server.Host.WalletAccount).GetInvoiceAsync(PaymentHash.FromBytes(ride.NetworkHash), Ct);

    private async Task<Ride> DisputedAsync(byte[]? withPickupCodeFrom = null)
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        var key = await ride.RevealedAsync();
        if (withPickupCodeFrom is not null) Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Pickup(PickupCode.Of(key))));
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Disputed)));
        return ride;
    }

    private void AssertDriverPaid()
    {
        Assert.Equal(SettlerWorld.DriverPrice, World.Balance(World.Driver));
        Assert.Equal(SettlerFee, World.SettlerBalance);
        Assert.Equal(SettlerWorld.SenderFunding - SettlerWorld.DriverPrice - SettlerFee, World.Balance(World.Sender));
        Assert.Equal(0, World.Ledger.Audit().Totals.HeldMsat);
    }

    private async Task AssertRiderRefundedAsync(Ride ride)
    {
        Assert.Equal(SettlerRefusal.Cancelled, Assert.IsType<SettlerRefused>(await ride.CallAsync(new PreimageRequest(ride.ReplyHash))).Reason);
        await World.Driver.CancelAsync(PaymentHash.FromBytes(ride.ReplyHash), Ct);
        Assert.Equal(SettlerWorld.SenderFunding, World.Balance(World.Sender));
        Assert.Equal(0, World.Balance(World.Driver));
        Assert.Equal(0, World.SettlerBalance);
        Assert.Equal(0, World.Ledger.Audit().Totals.HeldMsat);
    }

    private Task Settled(Ride ride) =>
        World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled } c && c.PaymentHash.AsSpan().SequenceEqual(ride.NetworkHash));

    private Task Cancelled(Ride ride) =>
        World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Cancelled } c && c.PaymentHash.AsSpan().SequenceEqual(ride.NetworkHash));

    [Fact]
    public async Task Rider_disputing_after_the_key_reveal_freezes_the_job_instead_of_getting_a_refund()
    {
        var ride = await DisputedAsync();

        Assert.Equal(InvoiceState.Accepted, (await NetworkInvoiceAsync(ride))!.State);
        Assert.Equal(SettlerWorld.SenderFunding - SettlerWorld.DriverPrice - SettlerFee, World.Balance(World.Sender));
        Assert.Equal(SettlerWorld.DriverPrice + SettlerFee, World.Ledger.Audit().Totals.HeldMsat);
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(new PreimageRequest(ride.ReplyHash))).Reason);
        var dispute = Assert.Single(await World.Admin.ListDisputesAsync(Ct));
        Assert.True(dispute.Open);
        Assert.Equal(nameof(SettlerJobState.Disputed), dispute.State);
        Assert.Equal("refund", dispute.DefaultDecision);
        Assert.True(dispute.DefaultDecisionAtUnixMs < dispute.NetworkHoldUntilUnixMs, "the default decides before the earliest hold expires");
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Disputed)));
    }

    [Fact]
    public async Task Operator_settling_a_dispute_pays_the_driver_after_reading_both_signed_statements()
    {
        var ride = await DisputedAsync();
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Statement("the driver never came", World.SenderKey)));
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Statement("I waited 20 minutes at the pickup point", World.DriverKey)));
        Assert.Equal(SettlerRefusal.Unauthorized, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.Statement("I saw it all", SecretKey.Generate()))).Reason);

        var shown = await World.Admin.GetDisputeAsync(ride.NetworkHash, Ct);
        Assert.Equal("the driver never came", shown.SenderStatement);
        Assert.Equal("I waited 20 minutes at the pickup point", shown.ReplierStatement);
        var settled = Settled(ride);
        var decided = await World.Admin.DecideDisputeAsync(ride.NetworkHash, settle: true, Ct);
        await settled.Within();

        Assert.Equal(nameof(SettlerDecision.OperatorSettled), decided.Decision);
        await ride.DriverCollectsAsync();
        AssertDriverPaid();
        var again = await Assert.ThrowsAsync<SettlerServiceException>(() => World.Admin.DecideDisputeAsync(ride.NetworkHash, settle: false, Ct));
        Assert.Equal(409, again.Status);
    }

    [Fact]
    public async Task Operator_refunding_a_dispute_returns_every_held_millisatoshi_to_the_rider()
    {
        var ride = await DisputedAsync();
        var cancelled = Cancelled(ride);

        var decided = await World.Admin.DecideDisputeAsync(ride.NetworkHash, settle: false, Ct);
        await cancelled.Within();

        Assert.Equal(nameof(SettlerDecision.OperatorRefunded), decided.Decision);
        await AssertRiderRefundedAsync(ride);
    }

    [Fact]
    public async Task Open_dispute_with_the_pickup_code_is_decided_for_the_driver_before_the_holds_expire()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        var key = await ride.RevealedAsync();
        var code = PickupCode.Of(key);
        var wrong = code == "000000" ? "000001" : "000000";
        Assert.Equal(SettlerRefusal.BadRequest, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.Pickup(wrong))).Reason);
        Assert.Equal(SettlerRefusal.Unauthorized, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.Pickup(code, World.SenderKey))).Reason);
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Pickup(code)));
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Disputed)));
        var dispute = await World.Admin.GetDisputeAsync(ride.NetworkHash, Ct);
        Assert.Equal("settle", dispute.DefaultDecision);

        World.Time.Advance(TimeSpan.FromMilliseconds(dispute.DefaultDecisionAtUnixMs!.Value - 1 - World.NowMs));
        Assert.True((await World.Admin.GetDisputeAsync(ride.NetworkHash, Ct)).Open);
        var settled = Settled(ride);
        World.Time.Advance(TimeSpan.FromMilliseconds(1));
        await settled.Within();

        Assert.Equal(nameof(SettlerDecision.DefaultSettled), (await World.Admin.GetDisputeAsync(ride.NetworkHash, Ct)).Decision);
        await ride.DriverCollectsAsync();
        AssertDriverPaid();
    }

    [Fact]
    public async Task Open_dispute_without_the_pickup_code_is_decided_for_the_rider()
    {
        var ride = await DisputedAsync();
        var dispute = await World.Admin.GetDisputeAsync(ride.NetworkHash, Ct);
        var cancelled = Cancelled(ride);

        World.Time.Advance(TimeSpan.FromMilliseconds(dispute.DefaultDecisionAtUnixMs!.Value - World.NowMs));
        await cancelled.Within();

        Assert.Equal(nameof(SettlerDecision.DefaultRefunded), (await World.Admin.GetDisputeAsync(ride.NetworkHash, Ct)).Decision);
        await AssertRiderRefundedAsync(ride);
    }

    [Fact]
    public async Task Key_is_not_revealed_when_a_hold_ends_before_the_job_and_its_dispute_window()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        await ride.PaidAsync(networkHoldUntil: ride.MinHoldUntil.AddMinutes(-1));
        var cancelled = Cancelled(ride);

        var refused = Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal()));
        await cancelled.Within();

        Assert.Equal(SettlerRefusal.HoldTooShort, refused.Reason);
        Assert.Contains("network invoice is held until", refused.Message);
        Assert.Equal(SettlerRefusal.Cancelled, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal())).Reason);
        await AssertRiderRefundedAsync(ride);
    }

    [Fact]
    public async Task Undisputed_job_settles_at_the_end_of_its_pickup_window_and_completion_time_and_not_before()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        await ride.RevealedAsync();

        World.Time.Advance(TimeSpan.FromMilliseconds(ride.ServiceEndUnixMs - 1 - World.NowMs));
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(new PreimageRequest(ride.ReplyHash))).Reason);
        Assert.Equal(InvoiceState.Accepted, (await NetworkInvoiceAsync(ride))!.State);
        var settled = Settled(ride);
        World.Time.Advance(TimeSpan.FromMilliseconds(1));
        await settled.Within();

        await ride.DriverCollectsAsync();
        AssertDriverPaid();
    }

    [Fact]
    public async Task Rider_done_report_still_settles_at_once()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        await ride.RevealedAsync();
        var settled = Settled(ride);

        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
        await settled.Within();

        Assert.True(World.NowMs < ride.ServiceEndUnixMs);
        await ride.DriverCollectsAsync();
        AssertDriverPaid();
    }

    [Fact]
    public async Task Disputing_a_settled_job_is_refused_with_the_reason()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        await ride.RevealedAsync();
        var settled = Settled(ride);
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
        await settled.Within();

        var refused = Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.Report(JobOutcome.Disputed)));

        Assert.Equal(SettlerRefusal.Settled, refused.Reason);
        Assert.Contains("already settled", refused.Message);
        Assert.Equal(SettlerRefusal.Settled, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.Statement("too late", World.SenderKey))).Reason);
        await ride.DriverCollectsAsync();
        AssertDriverPaid();
    }

    [Fact]
    public async Task Driver_cannot_guess_the_pickup_code_more_than_five_times()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        var code = PickupCode.Of(await ride.RevealedAsync());
        var guesses = Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Where(g => g != code).Take(5);
        foreach (var guess in guesses)
            Assert.Equal(SettlerRefusal.BadRequest, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.Pickup(guess))).Reason);

        Assert.Equal(SettlerRefusal.Unauthorized, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.Pickup(code))).Reason);
        var cancelled = Cancelled(ride);
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Disputed)));
        Assert.Equal("refund", (await World.Admin.GetDisputeAsync(ride.NetworkHash, Ct)).DefaultDecision);
        await World.Admin.DecideDisputeAsync(ride.NetworkHash, settle: false, Ct);
        await cancelled.Within();
        await AssertRiderRefundedAsync(ride);
    }
}
