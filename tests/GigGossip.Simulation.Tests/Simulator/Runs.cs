using System.Text.Json;
using GigGossip.Simulation.Metrics;
using GigGossip.Simulation.Scenarios;

namespace GigGossip.Simulation.Tests.Simulator;

/// <summary>Small simulation runs the tests share: fast settings, proofs of work solved for real.</summary>
internal static class Runs
{
    public static SimulationOptions Small(AttackKind attack = AttackKind.None, double fraction = 0, int nodes = 200, int seed = 7) => new()
    {
        Nodes = nodes,
        Degree = 8,
        Requests = 4,
        Attack = attack,
        Fraction = fraction,
        Seed = seed,
        Workers = 10,
        PowBits = 8,
        ReplyDeadlineMs = 3_000,
        ModelPow = true,
    };

    public static SimulationSummary Run(SimulationOptions options)
    {
        using var run = new SimulationRun(options);
        var summary = run.Run();
        Assert.True(summary.MoneyConserved, $"money not conserved: {Json(summary)}");
        Assert.Equal(0, summary.HeldMsatAtEnd);
        return summary;
    }

    /// <summary>The JSON summary without the wall time, the one field that is not a function of the seed.</summary>
    public static string Json(SimulationSummary summary) =>
        JsonSerializer.Serialize(summary with { WallSeconds = 0 }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
}
