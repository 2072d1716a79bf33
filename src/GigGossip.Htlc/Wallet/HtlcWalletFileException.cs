namespace GigGossip.Htlc.Wallet;

/// <summary>A wallet file that is not SQLite, not an HTLC wallet, or kept for another network.</summary>
public sealed class HtlcWalletFileException(string message, Exception? inner = null) : Exception(message, inner);
