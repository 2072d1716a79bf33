using System.Globalization;
using System.Text.RegularExpressions;

namespace GigGossip.Cli.Commands;

/// <summary>
/// Money on the command line always carries its unit: <c>25000sat</c> or <c>1500msat</c> (a bare number is refused,
/// since `fund` once took msat and `--price` sat). Output prints msat, or sat with the unit written.
/// </summary>
internal static partial class Amounts
{
    public const long MaxMsat = 2_100_000_000_000_000_000;

    /// <summary>The amount in millisatoshi.</summary>
    /// <exception cref="UsageException">No unit, not a whole number, zero or less, or more than all bitcoin.</exception>
    public static long ParseMsat(string text, string option)
    {
        var trimmed = text.Trim();
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new UsageException($"{option}: '{text}' has no unit; write {trimmed}sat or {trimmed}msat");
        var match = Pattern().Match(trimmed);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            throw new UsageException($"{option}: '{text}' is not an amount like 25000sat or 1500msat");
        var perUnit = match.Groups[2].Value.Equals("sat", StringComparison.OrdinalIgnoreCase) ? 1000L : 1L;
        if (count < 1 || count > MaxMsat / perUnit) throw new UsageException($"{option}: '{text}' is not between 1msat and 21 million bitcoin");
        return count * perUnit;
    }

    /// <summary>An amount for people: whole sats as <c>25000 sat</c>, otherwise <c>25000500 msat</c>.</summary>
    public static string Format(long msat) => msat % 1000 == 0
        ? $"{(msat / 1000).ToString(CultureInfo.InvariantCulture)} sat"
        : $"{msat.ToString(CultureInfo.InvariantCulture)} msat";

    [GeneratedRegex("^([0-9]+)(sat|msat|sats)$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
