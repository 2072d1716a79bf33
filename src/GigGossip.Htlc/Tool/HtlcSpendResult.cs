using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tool;

/// <summary>A signed, verified spend with the fee it pays.</summary>
public sealed record HtlcSpendResult(Transaction Transaction, long Fee)
{
    public string Summary => $"txid {Transaction.Txid}, fee {Fee} sat, {Transaction.VirtualSize} vB, pays {Transaction.Outputs[0].Satoshis} sat";
}
