using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Chain;

/// <summary>A transaction as the node sees it: 0 confirmations in the mempool, otherwise the depth of its block.</summary>
public sealed record ChainTransaction(Transaction Transaction, int Confirmations, string? BlockHash);
