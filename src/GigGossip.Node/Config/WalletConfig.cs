using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Config;

/// <summary>Where the node's wallet service is, and the key of the node's account on it (the account id is its public key).</summary>
public sealed record WalletConfig(Uri Url, SecretKey AccountKey)
{
    /// <summary>Set when the node's wallet is its own LND node instead of the wallet service.</summary>
    public LndWalletConfig? Lnd { get; init; }

    /// <summary>Set when the node's wallet is an on-chain HTLC wallet on Bitcoin Core.</summary>
    public HtlcWalletConfig? Htlc { get; init; }
}
