using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments.Ledger;

/// <summary>How a ledger file is created and written.</summary>
public sealed record LedgerOptions
{
    /// <summary>Network of the invoices; fixed when the ledger is created (regtest by default: this is not real bitcoin).</summary>
    public Bolt11Network Network { get; init; } = Bolt11Network.Regtest;

    /// <summary>The wallet node's 32-byte secp256k1 key that signs invoices; generated when the ledger is created if null.</summary>
    public byte[]? NodeSecretKey { get; init; }

    /// <summary>
    /// True (default): SQLite synchronous=FULL, every commit reaches the disk before the call returns, so a
    /// power cut loses nothing. False: synchronous=NORMAL, a process crash loses nothing, a power cut may lose
    /// the last commits but never leaves the ledger inconsistent.
    /// </summary>
    public bool SyncEveryCommit { get; init; } = true;
}
