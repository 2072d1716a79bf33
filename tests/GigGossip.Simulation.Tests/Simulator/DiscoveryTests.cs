using GigGossip.Simulation.Scenarios;

namespace GigGossip.Simulation.Tests.Simulator;

/// <summary>Dynamic topology on the daemon's peer manager, and Sybils that join with the honest nodes and dial them as the caps allow.</summary>
public class DiscoveryTests
{
    private static SimulationOptions Dynamic(AttackKind attack = AttackKind.None, double sybilRatio = 0, bool scoring = false) =>
        Runs.Small(attack) with { Discovery = true, SybilRatio = sybilRatio, Scoring = scoring, WarmupMs = 120_000, Requests = 6, RequestIntervalMs = 5_000 };

    [Fact]
    public void Nodes_that_bootstrap_from_three_peers_grow_a_network_that_delivers()
    {
        using var run = new SimulationRun(Dynamic());
        var summary = run.Run();

        Assert.True(summary.MoneyConserved);
        Assert.True(summary.Delivery >= 0.9, $"delivery {summary.Delivery}");
        var peering = run.Peering!;
        var quota = Runs.Small().Degree / 2;
        Assert.All(peering.Peers, p => Assert.InRange(p.Manager.Outbound, 1, quota));
        Assert.True(peering.Peers.Average(p => p.Manager.Outbound) > quota - 0.5, "nodes fill their outbound quota from the addresses peers exchanged");
        var booked = peering.Peers.Average(p => p.Manager.Book.Count);
        Assert.True(booked > quota * 2, $"peer exchange filled the address books: {booked:F1} addresses on average");
    }

    [Fact]
    public void Sybils_dialling_as_the_caps_allow_stay_within_the_inbound_cap_and_out_of_the_tried_tables()
    {
        using var run = new SimulationRun(Dynamic(AttackKind.Sybil, sybilRatio: 2));
        var summary = run.Run();

        Assert.Equal(400, summary.Attackers);
        var honest = run.Peering!.Peers.Where(p => !p.IsSybil).ToList();
        var cap = Runs.Small().InboundCap;
        Assert.All(honest, p => Assert.InRange(p.Manager.Inbound, 0, cap));
        var sybilKeys = run.Attackers.Select(a => a.Id).ToHashSet();
        var triedSybils = honest.Sum(p => p.Manager.Book.Entries.Count(e => e.Tried && sybilKeys.Contains(e.Record.NodeKey)));
        var tried = honest.Sum(p => p.Manager.Book.TriedCount);
        Assert.True(triedSybils < tried / 2, $"{triedSybils} of {tried} tried entries are Sybils");
    }

    [Fact]
    public void Scoring_keeps_delivery_up_where_random_forwarding_feeds_the_sybils()
    {
        var off = Runs.Run(Dynamic(AttackKind.Sybil, sybilRatio: 2));
        var on = Runs.Run(Dynamic(AttackKind.Sybil, sybilRatio: 2, scoring: true));

        Assert.True(off.Delivery < 0.75, $"scoring off: delivery {off.Delivery}");
        Assert.True(on.Delivery >= 0.9 && on.Delivery > off.Delivery + 0.2, $"scoring on: delivery {on.Delivery}, off: {off.Delivery}");
    }

    [Fact]
    public void Sybils_that_surround_the_workers_fill_their_inbound_slots_at_most_and_scoring_still_reaches_the_workers()
    {
        using var run = new SimulationRun(Dynamic(AttackKind.Eclipse, sybilRatio: 2, scoring: true));
        var on = run.Run();
        var off = Runs.Run(Dynamic(AttackKind.Eclipse, sybilRatio: 2));

        var peering = run.Peering!;
        var workerIds = run.Workers.Select(w => w.Id).ToHashSet();
        var workers = peering.Peers.Where(p => workerIds.Contains(p.Node.Id)).ToList();
        Assert.NotEmpty(workers);
        var cap = Runs.Small().InboundCap;
        Assert.All(workers, w => Assert.InRange(w.Manager.Inbound, 0, cap));
        Assert.True(workers.Average(w => w.Manager.Inbound) > cap / 2.0, "the Sybils crowd the workers' inbound slots");
        Assert.True(on.MoneyConserved && off.MoneyConserved);
        Assert.True(on.Delivery >= 0.9, $"scoring on: delivery {on.Delivery}, off: {off.Delivery}");
        Assert.True(off.Delivery < on.Delivery, $"scoring off: delivery {off.Delivery}, on: {on.Delivery}");
    }
}
