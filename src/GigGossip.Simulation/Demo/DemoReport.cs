namespace GigGossip.Simulation.Demo;

/// <summary>What a ride demo did, phase by phase, with who earned what: rendered as tables or JSON.</summary>
public sealed record DemoReport(
    int Seed,
    int Nodes,
    int Drivers,
    IReadOnlyList<DemoPhase> Phases,
    IReadOnlyList<DemoOffer> Offers,
    IReadOnlyList<DemoHop> Route,
    IReadOnlyList<DemoBalance> Balances,
    string? Contact,
    bool Completed,
    bool LedgerBalanced,
    long TotalMsatBefore,
    long TotalMsatAfter,
    string? JobState = null,
    string? PickupCode = null);

/// <summary>A phase and when it ended, in milliseconds since the ride was requested.</summary>
public sealed record DemoPhase(string Name, long AtMs);

public sealed record DemoOffer(string Driver, long PriceMsat, long NetworkFeeMsat, bool Chosen);

/// <summary>One hop of the paid route, from the rider outwards, with the fee it added.</summary>
public sealed record DemoHop(string Node, string Role, long FeeMsat);

/// <summary>What a participant gained (positive) or paid (negative) in the ride.</summary>
public sealed record DemoBalance(string Name, string Role, long EarnedMsat);
