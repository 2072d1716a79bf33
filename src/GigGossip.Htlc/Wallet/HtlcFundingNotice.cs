using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Wallet;

/// <summary>
/// What a payer tells the invoice's issuer after funding its contract: the witness script (a P2WSH output shows only its
/// hash until spent, and the script holds the payer's refund key and chosen locktime) and the funding outpoint.
/// Travels as one line, <c>htlc-funding:WITNESS_SCRIPT_HEX:TXID:VOUT</c>, over any channel.
/// </summary>
public sealed record HtlcFundingNotice(HtlcContract Contract, OutPoint Funding)
{
    public const string Prefix = "htlc-funding:";

    public string Encode() => $"{Prefix}{Hex.Of(Contract.WitnessScript)}:{Outpoints.Format(Funding)}";

    public override string ToString() => Encode();

    /// <summary>Reads a notice; anything else is a <see cref="BitcoinFormatException"/> saying which part is wrong.</summary>
    public static HtlcFundingNotice Parse(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith(Prefix, StringComparison.Ordinal)) throw new BitcoinFormatException($"funding notice must start with '{Prefix}'");
        var parts = trimmed[Prefix.Length..].Split(':');
        if (parts.Length != 3) throw new BitcoinFormatException("funding notice must be htlc-funding:WITNESS_SCRIPT_HEX:TXID:VOUT");
        var contract = HtlcContract.FromWitnessScript(Hex.Parse(parts[0], "witness script"));
        return new HtlcFundingNotice(contract, Outpoints.Parse($"{parts[1]}:{parts[2]}"));
    }
}
