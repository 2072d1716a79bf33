using System.Globalization;
using GigGossip.Htlc.Bitcoin;
using NBitcoin;

namespace GigGossip.Htlc.Transactions;

/// <summary>Outpoints written as bitcoin-cli writes them: a byte-reversed txid and an output index.</summary>
public static class Outpoints
{
    public static OutPoint FromTxid(string txid, uint index) => new(new uint256(Hex.Parse(txid, "txid", 32).Reverse().ToArray()), index);

    /// <summary>Parses "TXID:VOUT".</summary>
    public static OutPoint Parse(string text)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length != 2) throw new BitcoinFormatException("outpoint must be TXID:VOUT");
        if (!uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new BitcoinFormatException($"outpoint index '{parts[1]}' is not a non-negative integer");
        return FromTxid(parts[0], index);
    }

    /// <summary>"TXID:VOUT", the form <see cref="Parse"/> reads.</summary>
    public static string Format(OutPoint outPoint) => $"{outPoint.Hash}:{outPoint.N}";
}
