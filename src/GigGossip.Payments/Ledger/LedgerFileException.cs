namespace GigGossip.Payments.Ledger;

/// <summary>A ledger file that is missing, not SQLite, or not a Gig-gossip ledger.</summary>
public sealed class LedgerFileException(string message, Exception? inner = null) : Exception(message, inner);
