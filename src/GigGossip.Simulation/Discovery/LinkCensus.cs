namespace GigGossip.Simulation.Discovery;

/// <summary>The honest nodes' links at one moment: how many each has, and how many of them end at a Sybil.</summary>
public sealed record LinkCensus(double HonestOutbound, double HonestInbound, double SybilShareOfOutbound, double SybilShareOfInbound)
{
    public static LinkCensus Of(SimPeering peering) => new(
        Math.Round(peering.HonestLinks(inbound: false), 2),
        Math.Round(peering.HonestLinks(inbound: true), 2),
        Math.Round(peering.SybilShareOfLinks(inbound: false), 4),
        Math.Round(peering.SybilShareOfLinks(inbound: true), 4));
}
