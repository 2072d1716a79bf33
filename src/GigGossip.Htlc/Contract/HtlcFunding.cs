using GigGossip.Htlc.Transactions;
using NBitcoin;

namespace GigGossip.Htlc.Contract;

/// <summary>The output that pays into a contract: where it is and how many satoshis it holds.</summary>
public sealed record HtlcFunding(OutPoint OutPoint, long Amount)
{
    /// <summary>Finds the one output of <paramref name="fundingTx"/> that pays to the contract's P2WSH script.</summary>
    public static HtlcFunding Find(Transaction fundingTx, HtlcContract contract)
    {
        var matches = fundingTx.Outputs
            .Select((output, index) => (output, index))
            .Where(o => o.output.ScriptBytes.AsSpan().SequenceEqual(contract.ScriptPubKey))
            .ToList();
        return matches.Count switch
        {
            0 => throw new HtlcException($"funding transaction {fundingTx.Txid} has no output paying to the contract"),
            1 => new HtlcFunding(new OutPoint(fundingTx, matches[0].index), matches[0].output.Satoshis),
            _ => throw new HtlcException($"funding transaction {fundingTx.Txid} pays to the contract {matches.Count} times: name the output with --outpoint"),
        };
    }
}
