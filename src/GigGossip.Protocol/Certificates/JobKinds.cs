using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Certificates;

/// <summary>
/// Job kinds by the names config files use: the topic kinds in lower case ("taxi", "delivery"). Reads a policy's
/// required properties per kind, <c>{"taxi": ["driving_licence"], "delivery": []}</c>: a kind not named needs nothing.
/// </summary>
public static class JobKinds
{
    private static readonly Dictionary<string, Topic.KindOneofCase> ByName = Enum.GetValues<Topic.KindOneofCase>()
        .Where(k => k != Topic.KindOneofCase.None)
        .ToDictionary(k => k.ToString().ToLowerInvariant(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Every kind's config name, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// The requirements named in <paramref name="byKind"/>, or null with <paramref name="problem"/> saying in one line what
    /// is wrong (an unknown kind, a list that is missing, a property name that is empty, has spaces or is repeated).
    /// </summary>
    public static JobRequirements? Requirements(IReadOnlyDictionary<string, string[]?> byKind, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(byKind);
        var requirements = new Dictionary<Topic.KindOneofCase, IReadOnlyList<string>>();
        foreach (var (name, properties) in byKind)
        {
            if (!ByName.TryGetValue(name, out var kind))
            {
                problem = $"unknown job kind \"{name}\" (known: {string.Join(", ", Names)})";
                return null;
            }
            if (properties is null)
            {
                problem = $"\"{name}\" needs a list of property names (an empty list for none)";
                return null;
            }
            if (properties.FirstOrDefault(p => string.IsNullOrWhiteSpace(p) || p.Any(char.IsWhiteSpace)) is { } bad)
            {
                problem = $"\"{name}\" has a property name that is empty or has spaces: \"{bad}\"";
                return null;
            }
            if (properties.GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            {
                problem = $"\"{name}\" names \"{repeated.Key}\" twice";
                return null;
            }
            if (!requirements.TryAdd(kind, properties))
            {
                problem = $"job kind \"{name}\" is named twice";
                return null;
            }
        }
        problem = null;
        return new JobRequirements(requirements);
    }
}
