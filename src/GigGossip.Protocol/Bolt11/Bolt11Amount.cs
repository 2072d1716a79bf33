using System.Numerics;

namespace GigGossip.Protocol.Bolt11;

/// <summary>
/// The amount in an invoice's human-readable part: a decimal number of bitcoin with an optional
/// multiplier m (10^-3), u (10^-6), n (10^-9) or p (10^-12), converted to and from millisatoshi.
/// </summary>
public static class Bolt11Amount
{
    /// <summary>Millisatoshi in one bitcoin.</summary>
    public const long MsatPerBitcoin = 100_000_000_000;

    /// <summary>21 million bitcoin in millisatoshi: no invoice or ledger amount can exceed it.</summary>
    public const long MaxMsat = 21_000_000 * MsatPerBitcoin;

    private static readonly (char Multiplier, long MsatPerUnit)[] Multipliers =
        [('m', 100_000_000), ('u', 100_000), ('n', 100)];

    /// <summary>Parses an amount such as "2500u" or "9678785340p" into millisatoshi.</summary>
    public static long ParseMsat(string amount)
    {
        if (amount.Length == 0) throw new Bolt11FormatException("invoice amount is empty");
        var multiplier = amount[^1];
        var digits = char.IsAsciiDigit(multiplier) ? amount : amount[..^1];
        if (digits.Length == 0) throw new Bolt11FormatException($"invoice amount '{amount}' has a multiplier but no number");
        foreach (var c in digits)
            if (!char.IsAsciiDigit(c)) throw new Bolt11FormatException($"invoice amount '{amount}' has an invalid multiplier or a non-digit");
        if (digits[0] == '0') throw new Bolt11FormatException($"invoice amount '{amount}' is zero or has leading zeros");
        if (digits.Length > 30) throw new Bolt11FormatException($"invoice amount '{amount}' is too large");
        var value = BigInteger.Parse(digits);

        var msat = multiplier switch
        {
            'p' => value % 10 == 0
                ? value / 10
                : throw new Bolt11FormatException($"invoice amount '{amount}' is a fraction of a millisatoshi (a pico amount must end in 0)"),
            'm' or 'u' or 'n' => value * Multipliers.First(m => m.Multiplier == multiplier).MsatPerUnit,
            _ when char.IsAsciiDigit(multiplier) => value * MsatPerBitcoin,
            _ => throw new Bolt11FormatException($"invoice amount '{amount}' has an invalid multiplier '{multiplier}'"),
        };
        if (msat > MaxMsat) throw new Bolt11FormatException($"invoice amount '{amount}' is more than 21 million bitcoin");
        return (long)msat;
    }

    /// <summary>The shortest representation of a positive millisatoshi amount, as BOLT 11 asks writers to use.</summary>
    public static string Format(long msat)
    {
        if (msat <= 0 || msat > MaxMsat) throw new ArgumentOutOfRangeException(nameof(msat), msat, "amount must be in 1..MaxMsat millisatoshi");
        if (msat % MsatPerBitcoin == 0) return (msat / MsatPerBitcoin).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (multiplier, unit) in Multipliers)
            if (msat % unit == 0) return $"{msat / unit}{multiplier}";
        return $"{msat}0p";
    }
}
