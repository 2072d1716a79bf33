using GigGossip.Protocol.Engine;

namespace GigGossip.Simulation.Tests;

/// <summary>Cheat 11 on nodes and the settler: memory does not grow with every ride ever made.</summary>
public class RetentionTests
{
    private const int Rides = 12;

    [Fact]
    public void Sender_forgets_finished_rides_and_their_offers_after_the_retention_while_paid_settler_records_stay()
    {
        using var line = new RideLine(seed: 21);
        var retention = line.Sender.Engine.FinishedRetentionMs;

        for (var i = 0; i < Rides; i++)
        {
            line.Net.RefreshTrust(); // revocation lists last an hour; the rides take longer
            var payloadId = World.RequestRide(line.Net, line.Sender);
            line.Net.RunFor(30_000);
            line.Net.Do(line.Sender, new ReportJobDone(payloadId));
            line.Net.RunFor(700_000);
        }

        Assert.Equal(Rides, line.Net.Earned(line.Driver) / World.DriverPrice); // every ride paid the driver (plus its routing fee)
        // 12 rides of 730 s: those finished more than an hour (plus a sweep interval) ago are gone already.
        Assert.InRange(line.Sender.Engine.RememberedRequests, 1, (int)((retention + retention / 10) / 730_000) + 1);
        line.Net.RunFor(retention + retention / 5);
        Assert.Equal(0, line.Sender.Engine.RememberedRequests);
        Assert.Empty(line.Sender.Engine.Offers);
        // Paid jobs are records of money that moved: the settler keeps every one of them.
        Assert.Equal((Rides, Rides), line.Settler.Engine.RecordCount);
        Assert.Equal(0, line.Net.Ledger.Audit().Totals.HeldMsat);
    }

    /// <summary>
    /// Requests cancelled, left unanswered, paid, and paid then cancelled: each is forgotten a retention after it
    /// finished, and not before. A paid ride finishes when its money resolves, at the end of its service (pickup window
    /// + completion time), not at its reply deadline: the sender must still know it to report or dispute it. A
    /// cancel after the offer was paid does not end the ride either.
    /// </summary>
    [Fact]
    public void Requests_whatever_became_of_them_are_forgotten_after_the_retention()
    {
        using var line = new RideLine(seed: 22, sender: new SenderPolicy { AutoAcceptBestOffer = false });
        var engine = line.Sender.Engine;
        var retention = engine.FinishedRetentionMs;
        var sweep = retention / 10;
        var payloads = new List<string>();
        for (var i = 0; i < Rides; i++)
        {
            var ride = World.SydneyRide(line.Net.Now);
            ride.Taxi.PickupBeforeUnixMs = line.Net.Now + 2 * retention; // the service outlasts a retention
            line.Net.Do(line.Sender, new BroadcastTopic(ride, line.Net.Now + 10_000));
            payloads.Add(line.Sender.EventsOf<BroadcastStarted>().Last().PayloadId);
        }
        line.Net.RunFor(1_000);
        Assert.Equal(Rides, engine.RememberedRequests);
        Assert.Equal(Rides, engine.Offers.Count); // the driver answered every one

        // i % 4: 0 cancelled, 1 left unanswered, 2 paid, 3 paid and then cancelled.
        for (var i = 0; i < Rides; i++)
        {
            var offer = engine.Offers.Single(o => o.PayloadId == payloads[i]);
            if (i % 4 is 2 or 3) line.Net.Do(line.Sender, new AcceptOffer(offer.OfferId));
            line.Net.RunFor(10);
            if (i % 4 is 0 or 3) line.Net.Do(line.Sender, new CancelBroadcast(payloads[i]));
        }
        var paid = payloads.Where((_, i) => i % 4 >= 2).ToList();
        var serviceEnd = paid.Max(p => engine.AcceptedOffer(p)!.MinHoldUntilUnixMs) - line.Settler.Engine.Policy.DisputeWindowMs - line.Settler.Engine.Policy.HoldMarginMs;

        // Just before a retention has passed, nothing is forgotten; a retention plus a sweep after the reply deadline,
        // every request that ended without money is.
        line.Net.RunFor(retention - 20_000);
        Assert.Equal(Rides, engine.RememberedRequests);
        line.Net.RunFor(20_000 + 2 * sweep);
        Assert.Equal(paid.Count, engine.RememberedRequests);
        Assert.All(paid, p => Assert.NotNull(engine.AcceptedOffer(p)));

        // The paid rides settle at the end of their service and are forgotten a retention later.
        Assert.True(line.Net.Now < serviceEnd);
        line.Net.RunFor(serviceEnd - line.Net.Now + 60_000); // the settler settles at the end; the driver then collects its reply preimage
        Assert.Equal(0, line.Net.Ledger.Audit().Totals.HeldMsat);
        Assert.Equal(paid.Count, line.Net.Earned(line.Driver) / World.DriverPrice); // every paid ride paid the driver
        Assert.Equal(paid.Count, engine.RememberedRequests);
        line.Net.RunFor(retention + 2 * sweep);
        Assert.Equal(0, engine.RememberedRequests);
        Assert.Empty(engine.Offers);
    }
}
