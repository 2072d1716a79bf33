using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;

namespace GigGossip.Simulation.Tests.MoneyRules;

/// <summary>
/// Cheat 4, deadlines that disagree: the settler's policy names every inequality its deadlines break, and under the
/// default policies a ride's holds cover the job and its dispute window at every hop, shrinking towards the settler
/// (the timeline figure of docs/protocol/money-rules.md, with its numbers).
/// </summary>
public class DeadlineTests
{
    private const long Minute = 60_000;

    [Fact]
    public void Default_settler_policy_deadlines_agree_and_each_broken_inequality_is_named()
    {
        var sound = new SettlerPolicy();
        Assert.Empty(sound.Problems());
        Assert.Equal((65 * Minute, 60 * Minute, 65 * Minute, 60 * Minute, 15 * Minute, 10 * Minute),
            (sound.LockTimeoutMs, sound.MaxReplyWindowMs, sound.InvoiceExpiryMs, sound.CompletionTimeMs, sound.DisputeWindowMs, sound.HoldMarginMs));

        Assert.Contains("must not be shorter than the longest reply window", Assert.Single((sound with { LockTimeoutMs = 2 * Minute, InvoiceExpiryMs = 2 * Minute }).Problems()));
        Assert.Contains("must not be shorter than the lock timeout", Assert.Single((sound with { InvoiceExpiryMs = 64 * Minute }).Problems()));
        Assert.Contains("at least one wallet retry", Assert.Single((sound with { HoldMarginMs = 1_000 }).Problems()));
        Assert.Contains("must cover lock timeout + completion time + dispute window + margin",
            Assert.Single((sound with { MaxHoldMs = 65 * Minute + 60 * Minute + 15 * Minute + 10 * Minute - 1 }).Problems()));
        Assert.Contains("dispute window must be positive", Assert.Single((sound with { DisputeWindowMs = 0 }).Problems()));
    }

    [Fact]
    public void Default_timeline_every_hold_covers_the_job_and_its_dispute_window_and_shrinks_towards_the_settler()
    {
        using var net = new SimulatedNetwork(1204);
        var settler = net.AddSettler(World.SettlerUri, new SettlerPolicy());
        var rider = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var middlemen = new[] { net.AddNode(settler), net.AddNode(settler), net.AddNode(settler) };
        var driver = net.AddNode(settler, worker: World.Driver(), properties: World.DrivingLicence);
        SimNode[] line = [rider, .. middlemen, driver];
        for (var i = 0; i + 1 < line.Length; i++) net.Connect(line[i], line[i + 1]);
        var total = net.TotalMoneyMsat();

        var requestedAt = net.Now;
        var pickupBefore = requestedAt + 10 * Minute; // the Sydney ride: pickup within 10 minutes
        var payloadId = World.RequestRide(net, rider, deadlineMs: Minute); // offers collected for a minute, then the best is paid
        net.RunFor(Minute + 10_000);
        var offer = rider.Engine.AcceptedOffer(payloadId)!;
        Assert.NotNull(offer);
        Assert.Single(rider.EventsOf<ContactRevealed>());

        // The promise: service end = pickup window end + completion (60 min); every hold must last past it + dispute (15 min) + margin (10 min).
        var minHold = pickupBefore + 60 * Minute + 15 * Minute + 10 * Minute;
        Assert.Equal(minHold, offer.MinHoldUntilUnixMs);
        // The sender holds the network invoice 15 minutes past that; every hop passes on a hold 60 s shorter; the last
        // one (the driver, paying the settler) still holds past the minimum. The reply invoice is held a minute past it.
        var holds = line.Select(n => net.Ledger.GetPayment(n.Account, PaymentHash.FromBytes(offer.NetworkPaymentHash))!.HoldDeadline.ToUnixTimeMilliseconds()).ToList();
        Assert.Equal(Enumerable.Range(0, line.Length).Select(hop => minHold + 15 * Minute - hop * Minute), holds);
        Assert.True(holds[^1] >= minHold);
        Assert.Equal(minHold + Minute, net.Ledger.GetPayment(rider.Account, PaymentHash.FromBytes(offer.ReplyPaymentHash))!.HoldDeadline.ToUnixTimeMilliseconds());

        // Undisputed, the money moves at the end of the service (pickup window + completion time), not before.
        net.RunFor(pickupBefore + 60 * Minute - net.Now - 1_000);
        Assert.NotEqual(0, net.Ledger.Audit().Totals.HeldMsat);
        net.RunFor(2 * Minute);
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
        Assert.Equal(1, net.Earned(driver) / World.DriverPrice); // the driver was paid its price (plus its routing fee)
        Assert.Equal(total, net.TotalMoneyMsat());
    }
}
