using GigGossip.Simulation.Scenarios;

namespace GigGossip.Simulation.Tests.Simulator;

/// <summary>
/// Every node forwards a request once, to <c>fanout</c> random peers: push gossip in the infect-and-die
/// model, whose reach on a large random graph is the root of pi = 1 - exp(-fanout * pi)
/// (Kermarrec, Massoulie and Ganesh, "Probabilistic reliable dissemination in large-scale systems", 2003).
/// </summary>
public class GossipCoverageTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Reach_matches_infect_and_die_push_gossip(int fanout)
    {
        var summary = Runs.Run(Coverage(fanout));

        var expected = InfectAndDieReach(fanout);
        Assert.InRange(summary.Reach, expected - 0.04, expected + 0.04);
    }

    [Fact]
    public void Fanout_one_is_a_random_walk_that_dies_out()
    {
        var summary = Runs.Run(Coverage(1));

        Assert.Equal(0, InfectAndDieReach(1), 3);
        Assert.True(summary.Reach < 0.1, $"reach {summary.Reach}");
    }

    [Theory]
    [InlineData(2, 0.7968)]
    [InlineData(3, 0.9405)]
    public void The_fixed_point_is_the_published_one(int fanout, double pi) => Assert.Equal(pi, InfectAndDieReach(fanout), 3);

    private static SimulationOptions Coverage(int fanout) => new()
    {
        Nodes = 2_000,
        Degree = 30,
        Fanout = fanout,
        Requests = 2,
        Workers = 1,
        Seed = 11,
        PowBits = 4,
        ReplyDeadlineMs = 3_000,
        ModelPow = true,
    };

    /// <summary>The positive root of pi = 1 - exp(-f pi), by fixed-point iteration (0 when f &lt;= 1).</summary>
    private static double InfectAndDieReach(int fanout)
    {
        var pi = 1.0;
        for (var i = 0; i < 10_000; i++) pi = 1 - Math.Exp(-fanout * pi);
        return pi;
    }
}
