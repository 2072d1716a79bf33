using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Chain;

/// <summary>What an on-chain HODL backend needs from a Bitcoin node: the tip height, blocks, transactions and broadcasting.</summary>
public interface IChainSource
{
    /// <summary>Height of the best block.</summary>
    Task<int> GetBlockCountAsync(CancellationToken cancellationToken = default);

    /// <summary>Hash of the best chain's block at <paramref name="height"/> (at most the tip).</summary>
    Task<string> GetBlockHashAsync(int height, CancellationToken cancellationToken = default);

    /// <summary>A block with all its transactions, by hash.</summary>
    Task<ChainBlock> GetBlockAsync(string blockHash, CancellationToken cancellationToken = default);

    /// <summary>A transaction with its confirmations (0 in the mempool), or null when the node does not know it.</summary>
    Task<ChainTransaction?> GetRawTransactionAsync(string txid, CancellationToken cancellationToken = default);

    /// <summary>The txid of the mempool transaction spending <paramref name="outPoint"/>, or null (unspent, spent in a block, or a node too old to tell).</summary>
    Task<string?> GetMempoolSpenderAsync(OutPoint outPoint, CancellationToken cancellationToken = default);

    /// <summary>Broadcasts a signed transaction and returns its txid; a rejection is a <see cref="ChainSourceException"/>.</summary>
    Task<string> SendRawTransactionAsync(string transactionHex, CancellationToken cancellationToken = default);
}
