using GigGossip.Simulation.Metrics;
using GigGossip.Simulation.Scenarios;

namespace GigGossip.Simulation.Reports;

/// <summary>One run of a sweep: the options it ran with and what it measured.</summary>
public sealed record SweepPoint(SimulationOptions Options, SimulationSummary Summary);
