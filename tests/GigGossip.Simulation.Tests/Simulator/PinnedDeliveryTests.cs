using GigGossip.Simulation.Scenarios;

namespace GigGossip.Simulation.Tests.Simulator;

/// <summary>
/// The delivery `giggossip simulate --nodes 1000 --requests 10` (seed 1) measured before the simulator was made faster,
/// pinned: speeding the simulator up must not change what it measures. Run with the fast models, which other tests show
/// give the same measures as the real costs (the pinned numbers were taken with real proofs of work, onions and decoding).
/// </summary>
public class PinnedDeliveryTests
{
    [Fact]
    public void A_thousand_nodes_and_ten_requests_deliver_as_before_the_speed_up()
    {
        var summary = Runs.Run(new SimulationOptions { Nodes = 1_000, Requests = 10, Seed = 1, ModelPow = true, ModelOnions = true, CopyFrames = true });

        Assert.Equal(10, summary.Workers);
        Assert.Equal(0.99, summary.Delivery);
        Assert.Equal(0.9, summary.DeliveryMin);
        Assert.Equal(0.9863, summary.Reach);
        Assert.Equal(9.9, summary.OffersPerRequest);
        Assert.Equal(10, summary.RidesCompleted);
        Assert.Equal(58.907, summary.MessagesPerNode);
        Assert.Equal(26_176.92, summary.BytesPerNode);
        Assert.Equal(5.6, summary.HopsOfPaidRoute!.Value, 6);
        Assert.Equal(19_439, summary.Rejections["MultibroadcastLimit"]);
        Assert.True(summary.MoneyConserved);
    }
}
