using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Config;

/// <summary>Where the node's wallet service is, and the key of the node's account on it (the account id is its public key).</summary>
public sealed record WalletConfig(Uri Url, SecretKey AccountKey);
