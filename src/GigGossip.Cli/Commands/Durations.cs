using System.Globalization;
using System.Text.RegularExpressions;

namespace GigGossip.Cli.Commands;

/// <summary>Durations as people type them: <c>90s</c>, <c>10m</c>, <c>2h</c>, <c>1h30m</c>; a bare number is refused (seconds or minutes?).</summary>
internal static partial class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit))
            throw new UsageException($"{option}: '{text}' has no unit; write {trimmed}s, {trimmed}m or {trimmed}h");
        var match = Pattern().Match(trimmed);
        if (trimmed.Length == 0 || !match.Success)
            throw new UsageException($"{option}: '{text}' is not a duration like 90s, 10m, 2h or 1h30m");
        long seconds = 0;
        foreach (var (group, unit) in new[] { (1, 3600L), (2, 60L), (3, 1L) })
        {
            if (!match.Groups[group].Success) continue;
            if (!long.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 1_000_000_000)
                throw new UsageException($"{option}: '{text}' is too long");
            seconds += count * unit;
        }
        return TimeSpan.FromSeconds(seconds);
    }

    [GeneratedRegex("^(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?$")]
    private static partial Regex Pattern();
}
