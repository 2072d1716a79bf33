using System.Globalization;
using System.Text;
using GigGossip.Simulation.Metrics;

namespace GigGossip.Simulation.Reports;

/// <summary>
/// Writes a run's (or a sweep's) report to a folder: report.md with the numbers and the plots,
/// summary.csv with one row per run, requests.csv with one row per request of a single run, PNG plots.
/// </summary>
public static class ReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static readonly IReadOnlyList<(string Name, Func<SimulationSummary, double?> Value)> Columns =
    [
        ("delivery", s => s.Delivery),
        ("delivery_min", s => s.DeliveryMin),
        ("reach", s => s.Reach),
        ("victim_delivery", s => s.VictimDelivery),
        ("others_delivery", s => s.OthersDelivery),
        ("offers_per_request", s => s.OffersPerRequest),
        ("distinct_workers_per_request", s => s.DistinctWorkersPerRequest),
        ("time_to_first_offer_ms", s => s.TimeToFirstOfferMs),
        ("cheapest_network_fee_msat", s => s.CheapestNetworkFeeMsat),
        ("hops_of_paid_route", s => s.HopsOfPaidRoute),
        ("rides_completed", s => s.RidesCompleted),
        ("messages_per_node", s => s.MessagesPerNode),
        ("bytes_per_node", s => s.BytesPerNode),
        ("honest_pow_seconds", s => s.HonestPowSeconds),
        ("attacker_pow_seconds", s => s.AttackerPowSeconds),
        ("spam_requests", s => s.SpamRequests),
        ("spam_accepted", s => s.SpamAccepted),
        ("events", s => s.Events),
        ("money_conserved", s => s.MoneyConserved ? 1 : 0),
    ];

    /// <summary>A single run: its numbers, per-request delivery and offers.</summary>
    public static void WriteRun(string directory, SimulationSummary summary, IReadOnlyList<RequestRecord> requests, string? machineNote = null)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "summary.csv"), Csv([summary]));
        var lines = new StringBuilder("request,sender,eligible_workers,reached,delivery,offers,first_offer_ms,paid,ride_completed\n");
        foreach (var r in requests)
            lines.Append(Invariant, $"{r.Number},{r.Sender.Name},{r.EligibleWorkers.Count},{r.Reached.Count},{r.Delivery:F4},{r.Offers.Count},")
                .Append(r.Offers.Count == 0 ? "" : (r.Offers.Min(o => o.ReceivedAtUnixMs) - r.StartedAtUnixMs).ToString(Invariant))
                .Append(Invariant, $",{(r.Paid is null ? 0 : 1)},{(r.ContactRevealed && r.SettledPayments >= 2 ? 1 : 0)}\n");
        File.WriteAllText(Path.Combine(directory, "requests.csv"), lines.ToString());
        Plots.Bars(Path.Combine(directory, "delivery.png"), "Share of eligible workers reached", "request", "delivery", [.. requests.Select(r => r.Delivery)]);
        Plots.Bars(Path.Combine(directory, "offers.png"), "Offers per request", "request", "offers", [.. requests.Select(r => (double)r.Offers.Count)]);

        var md = new StringBuilder();
        md.Append(Invariant, $"# Gig-gossip simulation: {summary.Nodes:N0} nodes, {summary.Topology}, attack {summary.Attack} ({summary.Fraction:P0})\n\n");
        md.Append(Invariant, $"Seed {summary.Seed}; {summary.Requests} requests; {summary.Workers} workers; {summary.Attackers} attackers; fanout {summary.Fanout}; ")
            .Append(Invariant, $"multibroadcast {summary.Multibroadcast}; proof of work {summary.PowBits} leading zero bits.\n\n");
        md.Append("| measure | value |\n|---|---|\n");
        foreach (var (name, value) in Columns) md.Append(Invariant, $"| {name} | {Format(value(summary))} |\n");
        md.Append(Invariant, $"| virtual_seconds | {summary.VirtualSeconds} |\n| wall_seconds | {summary.WallSeconds:F1} |\n\n");
        if (summary.Rejections.Count > 0)
        {
            md.Append("Frames honest nodes refused, by reason:\n\n| reason | frames |\n|---|---|\n");
            foreach (var (reason, count) in summary.Rejections) md.Append(Invariant, $"| {reason} | {count} |\n");
            md.Append('\n');
        }
        if (machineNote is not null) md.Append(machineNote).Append("\n\n");
        md.Append("![delivery per request](delivery.png)\n\n![offers per request](offers.png)\n");
        File.WriteAllText(Path.Combine(directory, "report.md"), md.ToString());
    }

    /// <summary>A sweep: every run's row, and each measure plotted against the swept value.</summary>
    public static void WriteSweep(string directory, IReadOnlyList<SweepPoint> points, string axis, string? machineNote = null)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "summary.csv"), Csv([.. points.Select(p => p.Summary)]));
        var series = points.GroupBy(p => SeriesName(p, axis)).ToList();
        var plots = new (string File, string Title, Func<SimulationSummary, double?> Value)[]
        {
            ("delivery.png", "Delivery: share of eligible workers reached", s => s.VictimDelivery ?? s.Delivery),
            ("offers.png", "Offers per request", s => s.OffersPerRequest),
            ("pow.png", "Proof-of-work seconds: honest nodes", s => s.HonestPowSeconds),
            ("time-to-first-offer.png", "Time to first offer (ms)", s => s.TimeToFirstOfferMs),
        };
        foreach (var (file, title, value) in plots)
            Plots.Lines(Path.Combine(directory, file), title, axis, file.Replace(".png", "", StringComparison.Ordinal),
                series.ToDictionary(g => g.Key, g => (IReadOnlyList<(double, double)>)[.. g.Select(p => (Sweep.ValueOf(p.Options, axis), value(p.Summary) ?? 0))]));

        var md = new StringBuilder();
        var first = points[0].Summary;
        md.Append(Invariant, $"# Gig-gossip simulation sweep over {axis}: {first.Nodes:N0} nodes, {first.Topology}\n\n");
        md.Append(Invariant, $"{points.Count} runs; {first.Requests} requests each; fanout {first.Fanout}; proof of work {first.PowBits} bits unless swept.\n\n");
        md.Append(Invariant, $"| series | {axis} | delivery | victim delivery | offers/request | time to first offer (ms) | honest PoW s | attacker PoW s | spam accepted | messages/node | money conserved |\n");
        md.Append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var p in points)
        {
            var s = p.Summary;
            md.Append(Invariant, $"| {SeriesName(p, axis)} | {Sweep.ValueOf(p.Options, axis)} | {s.Delivery:F3} | {Format(s.VictimDelivery)} | {s.OffersPerRequest:F2} | ")
                .Append(Invariant, $"{Format(s.TimeToFirstOfferMs)} | {s.HonestPowSeconds:F1} | {s.AttackerPowSeconds:F1} | {s.SpamAccepted} | {s.MessagesPerNode:F1} | {(s.MoneyConserved ? "yes" : "NO")} |\n");
        }
        if (machineNote is not null) md.Append('\n').Append(machineNote).Append('\n');
        md.Append("\n![delivery](delivery.png)\n\n![offers](offers.png)\n\n![pow](pow.png)\n\n![time to first offer](time-to-first-offer.png)\n");
        File.WriteAllText(Path.Combine(directory, "report.md"), md.ToString());
    }

    private static string SeriesName(SweepPoint point, string axis)
    {
        var o = point.Options;
        var parts = new List<string>();
        if (axis != "attack") parts.Add(Sweep.Name(o.Attack));
        if (axis != "fraction" && o.Fraction > 0) parts.Add(string.Create(Invariant, $"{o.Fraction:P0}"));
        if (axis != "multibroadcast") parts.Add($"multibroadcast {o.Multibroadcast}");
        if (axis != "pow-bits") parts.Add($"pow {o.PowBits} bits");
        if (axis != "fanout") parts.Add($"fanout {o.Fanout}");
        if (o.Discovery && axis != "scoring") parts.Add(o.Scoring ? "scoring on" : "scoring off");
        if (o.PowPricing && axis != "pow-pricing") parts.Add("pow pricing");
        if (o.StampBits > 0 && axis != "stamp-bits") parts.Add($"stamp {o.StampBits} bits");
        return string.Join(", ", parts);
    }

    private static string Csv(IReadOnlyList<SimulationSummary> summaries)
    {
        var csv = new StringBuilder("nodes,topology,attack,fraction,seed,fanout,multibroadcast,pow_bits");
        foreach (var (name, _) in Columns) csv.Append(',').Append(name);
        csv.Append('\n');
        foreach (var s in summaries)
        {
            csv.Append(Invariant, $"{s.Nodes},{s.Topology},{s.Attack},{s.Fraction},{s.Seed},{s.Fanout},{s.Multibroadcast},{s.PowBits}");
            foreach (var (_, value) in Columns) csv.Append(',').Append(Format(value(s)));
            csv.Append('\n');
        }
        return csv.ToString();
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0.####", Invariant) : "";
}
