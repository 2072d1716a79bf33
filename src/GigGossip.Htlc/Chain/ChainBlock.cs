using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Chain;

/// <summary>A block of the best chain: its hash, height and transactions in block order.</summary>
public sealed record ChainBlock(string Hash, int Height, IReadOnlyList<Transaction> Transactions);
