using System.Globalization;
using GigGossip.Simulation.Scenarios;

namespace GigGossip.Simulation.Reports;

/// <summary>
/// A sweep: <c>attack=sybil fraction=0,0.1,0.5 multibroadcast=1,2</c> is the cartesian product of the
/// values given per key, each applied to the base options. The first key with several values is the x axis.
/// </summary>
public static class Sweep
{
    public static readonly IReadOnlyList<string> Keys = ["attack", "fraction", "multibroadcast", "fanout", "pow-bits", "nodes", "topology", "seed", "sybil-ratio", "scoring", "pow-pricing", "max-inbound", "stamp-bits"];

    /// <summary>The options of every run; <see cref="FormatException"/> names the bad token.</summary>
    public static IReadOnlyList<SimulationOptions> Expand(SimulationOptions baseline, IReadOnlyList<string> tokens, out string? axis)
    {
        var runs = new List<SimulationOptions> { baseline };
        axis = null;
        foreach (var token in tokens)
        {
            var eq = token.IndexOf('=');
            if (eq <= 0 || eq == token.Length - 1) throw new FormatException($"sweep term '{token}' is not key=value[,value...]");
            var key = token[..eq];
            if (!Keys.Contains(key)) throw new FormatException($"sweep key '{key}' is not one of {string.Join(", ", Keys)}");
            var values = token[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries);
            if (values.Length > 1) axis ??= key;
            runs = [.. runs.SelectMany(run => values.Select(value => Apply(run, key, value)))];
        }
        if (runs.Count > 200) throw new FormatException($"the sweep has {runs.Count} runs; at most 200");
        return runs;
    }

    /// <summary>The value of a sweep key in one run's options, for the x axis and the table.</summary>
    public static double ValueOf(SimulationOptions options, string key) => key switch
    {
        "fraction" => options.Fraction,
        "multibroadcast" => options.Multibroadcast,
        "fanout" => options.Fanout,
        "pow-bits" => options.PowBits,
        "nodes" => options.Nodes,
        "seed" => options.Seed,
        "attack" => (int)options.Attack,
        "sybil-ratio" => options.SybilRatio,
        "scoring" => options.Scoring ? 1 : 0,
        "pow-pricing" => options.PowPricing ? 1 : 0,
        "max-inbound" => options.InboundCap,
        "stamp-bits" => options.StampBits,
        _ => (int)options.Topology,
    };

    public static SimulationOptions Apply(SimulationOptions options, string key, string value) => key switch
    {
        "attack" => options with { Attack = ParseAttack(value) },
        "fraction" => options with { Fraction = Number(key, value) },
        "multibroadcast" => options with { Multibroadcast = Integer(key, value) },
        "fanout" => options with { Fanout = Integer(key, value) },
        "pow-bits" => options with { PowBits = Integer(key, value) },
        "nodes" => options with { Nodes = Integer(key, value) },
        "seed" => options with { Seed = Integer(key, value) },
        "sybil-ratio" => options with { SybilRatio = Number(key, value) },
        "scoring" => options with { Scoring = OnOff(key, value) },
        "pow-pricing" => options with { PowPricing = OnOff(key, value) },
        "max-inbound" => options with { MaxInbound = Integer(key, value) },
        "stamp-bits" => options with { StampBits = Integer(key, value) },
        _ => options with { Topology = ParseTopology(value) },
    };

    public static AttackKind ParseAttack(string value) =>
        Enum.TryParse<AttackKind>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var attack) && Enum.IsDefined(attack)
            ? attack
            : throw new FormatException($"attack '{value}' is not one of {string.Join(", ", Enum.GetValues<AttackKind>().Select(Name))}");

    public static TopologyKind ParseTopology(string value) =>
        Enum.TryParse<TopologyKind>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var topology) && Enum.IsDefined(topology)
            ? topology
            : throw new FormatException($"topology '{value}' is not one of {string.Join(", ", Enum.GetValues<TopologyKind>().Select(Name))}");

    /// <summary>The command-line spelling of an enum value: CovertFlash -> covert-flash.</summary>
    public static string Name<T>(T value) where T : Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static double Number(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : throw new FormatException($"sweep {key} value '{value}' is not a number");

    private static bool OnOff(string key, string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new FormatException($"{key} must be on or off, got '{value}'"),
    };

    private static int Integer(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"sweep {key} value '{value}' is not a whole number");
}
