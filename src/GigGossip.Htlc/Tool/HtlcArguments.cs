using GigGossip.Hosting;
using System.Globalization;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tool;

/// <summary>Parsing of command-line values; each failure is one <see cref="HtlcException"/> naming the option.</summary>
public static class HtlcArguments
{
    public static string Required(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? throw new HtlcException($"{option} is required") : value;

    public static uint UInt(string value, string option) =>
        uint.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new HtlcException($"{option} '{value}' is not a whole number from 0 to {uint.MaxValue}");

    public static long Sats(string value, string option)
    {
        if (!long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var sats) || sats is <= 0 or > BitcoinRules.MaxMoney)
            throw new HtlcException($"{option} '{value}' is not an amount of satoshis from 1 to {BitcoinRules.MaxMoney}");
        return sats;
    }

    public static EcdsaKey KeyFile(string path)
    {
        try { return EcdsaKey.FromHex(Convert.ToHexStringLower(Hosting.KeyFile.ReadSecret(path))); }
        catch (KeyFileException e) { throw new HtlcException(e.Message); }
    }

    /// <summary>Rejects a --now of the other kind (height vs unix time) than the locktime it is compared with.</summary>
    public static void RequireSameKind(uint locktime, uint now)
    {
        if ((locktime < BitcoinRules.LocktimeThreshold) != (now < BitcoinRules.LocktimeThreshold))
            throw new HtlcException(locktime < BitcoinRules.LocktimeThreshold
                ? $"locktime {locktime} is a block height but --now {now} is a unix time"
                : $"locktime {locktime} is a unix time but --now {now} is a block height");
    }

    public static BitcoinNetwork? Network(string? name) => name is null ? null : BitcoinNetwork.Parse(name);
}
