using GigGossip.Simulation.Scenarios;

namespace GigGossip.Simulation.Tests.Simulator;

public class SimulationRunTests
{
    [Fact]
    public void Same_seed_gives_a_byte_identical_summary_and_another_seed_another()
    {
        var first = Runs.Json(Runs.Run(Runs.Small(AttackKind.Sybil, 0.2)));
        var again = Runs.Json(Runs.Run(Runs.Small(AttackKind.Sybil, 0.2)));
        var other = Runs.Json(Runs.Run(Runs.Small(AttackKind.Sybil, 0.2, seed: 8)));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void An_honest_network_reaches_every_worker_and_completes_every_ride()
    {
        var summary = Runs.Run(Runs.Small());

        Assert.True(summary.Delivery > 0.85, $"delivery {summary.Delivery}");
        Assert.Equal(4, summary.RidesCompleted);
        Assert.Equal(4, summary.RequestsWithOffers);
        Assert.True(summary.OffersPerRequest >= summary.DistinctWorkersPerRequest, $"{summary.OffersPerRequest} offers per request");
        Assert.True(summary.DistinctWorkersPerRequest > 8, $"{summary.DistinctWorkersPerRequest} of 10 workers offered");
        Assert.InRange(summary.HopsOfPaidRoute!.Value, 1, 20);
        Assert.True(summary.TimeToFirstOfferMs > 0);
        Assert.True(summary.HonestPowSeconds > 0);
        Assert.Equal(0, summary.AttackerPowSeconds);
    }

    [Fact]
    public void Ten_thousand_nodes_run_with_real_signatures_and_proofs_of_work()
    {
        var summary = Runs.Run(new SimulationOptions { Nodes = 10_000, Requests = 1, Seed = 3, PowBits = 8 });

        Assert.Equal(100, summary.Workers);
        Assert.True(summary.Delivery > 0.9, $"delivery {summary.Delivery}");
        Assert.True(summary.Reach > 0.85, $"reach {summary.Reach}");
        Assert.Equal(1, summary.RidesCompleted);
        Assert.True(summary.Events > 50_000, $"{summary.Events} events");
    }

    [Fact]
    public void Modelled_proofs_of_work_cost_the_same_virtual_time_as_real_ones()
    {
        var real = Runs.Run(Runs.Small() with { PowBits = 10, ModelPow = false });
        var modelled = Runs.Run(Runs.Small() with { PowBits = 10, ModelPow = true });

        Assert.Equal(real.Delivery, modelled.Delivery);
        Assert.Equal(real.HonestPowSeconds, modelled.HonestPowSeconds);
        Assert.Equal(real.TimeToFirstOfferMs, modelled.TimeToFirstOfferMs);
        Assert.Equal(real.Rejections, modelled.Rejections);
    }

    [Fact]
    public void Churn_takes_nodes_offline_and_the_money_still_balances()
    {
        var summary = Runs.Run(Runs.Small() with { Churn = new ChurnModel(0.3, 2_000, 1_000) });

        Assert.True(summary.ChurnDepartures > 50, $"{summary.ChurnDepartures} departures");
        Assert.True(summary.Delivery > 0.3, $"delivery {summary.Delivery}");
    }

    [Fact]
    public void Couriers_get_the_parcels_and_drivers_the_rides()
    {
        using var run = new SimulationRun(Runs.Small() with { MixedTopics = true });
        var summary = run.Run();

        Assert.True(summary.MoneyConserved);
        Assert.Equal(4, summary.RidesCompleted);
        Assert.All(run.RequestRecords, r => Assert.Equal(5, r.EligibleWorkers.Count));
        Assert.Empty(run.RequestRecords[0].EligibleWorkers.Intersect(run.RequestRecords[1].EligibleWorkers));
    }

    [Fact]
    public void Reading_frames_that_cost_time_delays_the_first_offer()
    {
        var free = Runs.Run(Runs.Small());
        var costly = Runs.Run(Runs.Small() with { FrameCostUs = 20_000 });

        Assert.True(costly.TimeToFirstOfferMs > free.TimeToFirstOfferMs + 50, $"{costly.TimeToFirstOfferMs} ms vs {free.TimeToFirstOfferMs} ms");
    }

    [Fact]
    public void Options_that_cannot_run_are_refused_with_the_reason()
    {
        Assert.Contains("--fraction", Assert.Throws<ArgumentException>(() => new SimulationRun(Runs.Small(AttackKind.None, 0.3))).Message, StringComparison.Ordinal);
        Assert.Contains("--nodes", new SimulationOptions { Nodes = 5 }.Problem(), StringComparison.Ordinal);
        Assert.Contains("do not fit", new SimulationOptions { Nodes = 20, Workers = 10, Attack = AttackKind.Sybil, Fraction = 0.6 }.Problem(), StringComparison.Ordinal);
        Assert.Null(Runs.Small().Problem());
    }
}
