using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine;

/// <summary>A settler a node trusts: its key, where it is, and its latest signed revocation list.</summary>
public sealed record TrustedSettler(string Uri, PublicKey PublicKey, SignedRevocationList? RevocationList);
