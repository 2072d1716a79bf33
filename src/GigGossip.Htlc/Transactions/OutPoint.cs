using System.Globalization;
using GigGossip.Htlc.Bitcoin;

namespace GigGossip.Htlc.Transactions;

/// <summary>A transaction output being spent: the txid (kept in internal byte order) and the output index.</summary>
public sealed record OutPoint(byte[] Hash, uint Index)
{
    /// <summary>The txid as block explorers and bitcoin-cli show it (byte-reversed hex).</summary>
    public string Txid => TxidOf(Hash);

    public static OutPoint FromTxid(string txid, uint index)
    {
        var bytes = Hex.Parse(txid, "txid", 32);
        Array.Reverse(bytes);
        return new OutPoint(bytes, index);
    }

    /// <summary>Parses "TXID:VOUT".</summary>
    public static OutPoint Parse(string text)
    {
        var parts = text.Trim().Split(':');
        if (parts.Length != 2) throw new BitcoinFormatException("outpoint must be TXID:VOUT");
        if (!uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            throw new BitcoinFormatException($"outpoint index '{parts[1]}' is not a non-negative integer");
        return FromTxid(parts[0], index);
    }

    internal static string TxidOf(ReadOnlySpan<byte> hash)
    {
        var reversed = hash.ToArray();
        Array.Reverse(reversed);
        return Hex.Of(reversed);
    }

    public override string ToString() => $"{Txid}:{Index}";
}
