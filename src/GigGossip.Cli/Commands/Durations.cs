using System.Globalization;
using System.Text.RegularExpressions;

namespace GigGossip.Cli.Commands;

/// <summary>Durations as people type them: <c>90</c> or <c>90s</c>, <c>10m</c>, <c>2h</c>.</summary>
internal static partial class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            throw new UsageException($"{option}: '{text}' is not a duration like 90s, 10m or 2h");
        var unit = match.Groups[2].Value switch
        {
            "m" => 60,
            "h" => 3600,
            _ => 1,
        };
        if (count > long.MaxValue / 3600) throw new UsageException($"{option}: '{text}' is too long");
        return TimeSpan.FromSeconds(count * unit);
    }

    [GeneratedRegex("^([0-9]+)(s|m|h)?$")]
    private static partial Regex Pattern();
}
