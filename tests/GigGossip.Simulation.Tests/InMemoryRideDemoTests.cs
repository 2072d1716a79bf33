using GigGossip.Simulation.Demo;

namespace GigGossip.Simulation.Tests;

public class InMemoryRideDemoTests
{
    [Fact]
    public void Demo_ride_completes_pays_the_chosen_route_and_balances_the_ledger()
    {
        var report = InMemoryRideDemo.Run(nodes: 20, drivers: 5, seed: 1);

        Assert.True(report.Completed);
        Assert.True(report.LedgerBalanced);
        Assert.Equal(report.TotalMsatBefore, report.TotalMsatAfter);
        Assert.NotNull(report.Contact);
        var chosen = Assert.Single(report.Offers, o => o.Chosen);
        Assert.Equal(report.Offers.Min(o => o.PriceMsat), chosen.PriceMsat);
        Assert.Equal(chosen.NetworkFeeMsat, report.Route.Sum(h => h.FeeMsat));
        Assert.Equal(0, report.Balances.Sum(b => b.EarnedMsat));
        Assert.Equal(-(chosen.PriceMsat + chosen.NetworkFeeMsat), report.Balances.Single(b => b.Role == "rider").EarnedMsat);
    }

    [Fact]
    public void Demo_refuses_impossible_sizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InMemoryRideDemo.Run(nodes: 2, drivers: 1, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => InMemoryRideDemo.Run(nodes: 5, drivers: 5, seed: 1));
    }
}
