namespace GigGossip.Node.Config;

/// <summary>Where the node's wallet service is, and the key of the node's account on it.</summary>
public sealed record WalletConfig(Uri Url, string AccountKey);
