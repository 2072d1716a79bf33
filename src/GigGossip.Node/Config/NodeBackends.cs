using GigGossip.Payments;
using GigGossip.Protocol.Settlement;

namespace GigGossip.Node.Config;

/// <summary>How a daemon started from a config reaches its services: a wallet client for its account, a client per settler URI.</summary>
public sealed record NodeBackends(Func<WalletConfig, IHodlWallet> Wallet, Func<string, ISettlerApi> Settler);
