using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Hosting;

/// <summary>A settler the node trusts: where to reach it and the key its certificates, lists and promises must carry.</summary>
public sealed record TrustedSettlerAddress(string Uri, PublicKey PublicKey);
