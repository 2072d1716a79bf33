using GigGossip.Simulation.Scenarios;

namespace GigGossip.Simulation.Tests.Simulator;

/// <summary>
/// The sender's stamp in the simulator (issue #17): the modelled stamps of --fast cost what real ones do, and a spammer, a
/// sender like any other, pays one per request while the honest network still delivers.
/// </summary>
public class StampRunTests
{
    [Fact]
    public void Modelled_stamps_cost_the_same_virtual_time_as_real_ones()
    {
        var real = Runs.Run(Runs.Small() with { StampBits = 12, ModelPow = false });
        var modelled = Runs.Run(Runs.Small() with { StampBits = 12, ModelPow = true });
        var unstamped = Runs.Run(Runs.Small() with { ModelPow = true });

        Assert.Equal(real.Delivery, modelled.Delivery);
        Assert.Equal(real.HonestPowSeconds, modelled.HonestPowSeconds);
        Assert.Equal(real.TimeToFirstOfferMs, modelled.TimeToFirstOfferMs);
        Assert.Equal(real.Rejections, modelled.Rejections);
        Assert.Equal(real.RidesCompleted, modelled.RidesCompleted);
        Assert.True(modelled.RidesCompleted > 0, $"{modelled.RidesCompleted} rides");
        Assert.DoesNotContain("MissingStamp", modelled.Rejections.Keys);
        Assert.DoesNotContain("BadStamp", modelled.Rejections.Keys);
        Assert.True(modelled.HonestPowSeconds > unstamped.HonestPowSeconds, $"honest work {modelled.HonestPowSeconds} s with stamps, {unstamped.HonestPowSeconds} s without");
        Assert.True(modelled.TimeToFirstOfferMs > unstamped.TimeToFirstOfferMs, "the stamp is solved before the first ask");
    }

    [Fact]
    public void A_spammer_pays_a_stamp_per_request_and_honest_delivery_holds()
    {
        const int stampBits = 16;
        var options = Runs.Small(AttackKind.Spam, 0.05) with { AttackRatePerSecond = 3 };
        var unstamped = Runs.Run(options);
        var stamped = Runs.Run(options with { StampBits = stampBits });

        var stampSeconds = Math.Pow(2, stampBits) / options.HashRatePerSecond;
        var perRequest = stamped.AttackerPowSeconds / stamped.SpamRequests;
        var perRequestBefore = unstamped.AttackerPowSeconds / unstamped.SpamRequests;
        Assert.True(perRequest >= perRequestBefore + 0.9 * stampSeconds, $"spammer work per request {perRequest} s with stamps, {perRequestBefore} s without");
        Assert.True(stamped.SpamAccepted > 0, "stamped spam is still accepted: the stamp prices it, it does not ban it");
        Assert.True(stamped.Delivery >= unstamped.Delivery - 0.05, $"delivery {stamped.Delivery} with stamps, {unstamped.Delivery} without");
    }
}
