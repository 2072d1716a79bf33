namespace GigGossip.Simulation.Metrics;

/// <summary>What happened to one honest request: who could have taken it, who got it, what came back.</summary>
public sealed class RequestRecord(int number, SimNode sender, long startedAtUnixMs, IReadOnlySet<int> eligibleWorkers)
{
    public int Number { get; } = number;

    public SimNode Sender { get; } = sender;

    public long StartedAtUnixMs { get; } = startedAtUnixMs;

    /// <summary>Honest workers online when the request went out.</summary>
    public IReadOnlySet<int> EligibleWorkers { get; } = eligibleWorkers;

    public string? PayloadId { get; set; }

    /// <summary>Eligible workers the broadcast reached (it passed their checks).</summary>
    public HashSet<int> Reached { get; } = [];

    /// <summary>Honest nodes (workers or not) the broadcast reached.</summary>
    public HashSet<int> NodesReached { get; } = [];

    public List<OfferSeen> Offers { get; } = [];

    /// <summary>The offer the sender paid, once it paid.</summary>
    public OfferSeen? Paid { get; set; }

    public bool ContactRevealed { get; set; }

    public int SettledPayments { get; set; }

    /// <summary>Requests from the censorship attack's victim.</summary>
    public bool FromVictim { get; init; }

    public double Delivery => EligibleWorkers.Count == 0 ? 0 : (double)Reached.Count / EligibleWorkers.Count;
}

/// <summary>An offer as the sender saw it.</summary>
public sealed record OfferSeen(string OfferId, string NetworkPaymentHash, string ReplyPaymentHash, long RoutingFeesMsat, long ReceivedAtUnixMs);
