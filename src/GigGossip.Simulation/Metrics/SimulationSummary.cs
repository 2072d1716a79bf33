namespace GigGossip.Simulation.Metrics;

/// <summary>
/// One run in numbers. Everything but <see cref="WallSeconds"/> is a pure function of the options and
/// the seed: the same seed gives a byte-identical JSON summary.
/// </summary>
public sealed record SimulationSummary
{
    public required int Nodes { get; init; }
    public required string Topology { get; init; }
    public required int Degree { get; init; }
    public required string Attack { get; init; }
    public required double Fraction { get; init; }
    public required int Seed { get; init; }
    public required int Requests { get; init; }
    public required int Workers { get; init; }
    public required int Attackers { get; init; }
    public required int Fanout { get; init; }
    public required int Multibroadcast { get; init; }
    public required int PowBits { get; init; }

    /// <summary>Mean over requests of the share of eligible workers reached.</summary>
    public required double Delivery { get; init; }
    public required double DeliveryMin { get; init; }

    /// <summary>Mean over requests of the share of honest nodes (besides the sender) the broadcast reached.</summary>
    public required double Reach { get; init; }

    /// <summary>Censorship: the victim's requests' delivery, and everyone else's (null for other attacks).</summary>
    public double? VictimDelivery { get; init; }
    public double? OthersDelivery { get; init; }

    /// <summary>Covert flash: delivery of the requests sent before and after the flash.</summary>
    public double? DeliveryBeforeFlash { get; init; }
    public double? DeliveryAfterFlash { get; init; }

    /// <summary>With discovery: the share of honest nodes' outbound and inbound links that ended at a Sybil when the first request went out.</summary>
    public double? SybilShareOfOutboundLinks { get; init; }
    public double? SybilShareOfInboundLinks { get; init; }

    /// <summary>With discovery: an honest node's mean outbound and inbound links when the first request went out.</summary>
    public double? HonestOutboundLinks { get; init; }
    public double? HonestInboundLinks { get; init; }

    public required double OffersPerRequest { get; init; }
    public required double DistinctWorkersPerRequest { get; init; }
    public required int RequestsWithOffers { get; init; }
    public required double? TimeToFirstOfferMs { get; init; }
    public required double? CheapestNetworkFeeMsat { get; init; }

    /// <summary>Middlemen on the paid routes (mean).</summary>
    public required double? HopsOfPaidRoute { get; init; }
    public required int RidesCompleted { get; init; }

    public required double MessagesPerNode { get; init; }
    public required double BytesPerNode { get; init; }
    public required double HonestPowSeconds { get; init; }
    public required double AttackerPowSeconds { get; init; }

    /// <summary>Requests the attackers started (spam, DDoS) and how many times honest nodes accepted one.</summary>
    public required int SpamRequests { get; init; }
    public required long SpamAccepted { get; init; }

    /// <summary>Frames honest nodes refused, by reason.</summary>
    public required SortedDictionary<string, long> Rejections { get; init; }
    public required long ChurnDepartures { get; init; }

    public required long Events { get; init; }
    public required double VirtualSeconds { get; init; }
    public required long TotalMsat { get; init; }
    public required long HeldMsatAtEnd { get; init; }

    /// <summary>Sum of balances plus held money equal before and after, and the ledger's audit balanced.</summary>
    public required bool MoneyConserved { get; init; }

    public double WallSeconds { get; init; }
}
