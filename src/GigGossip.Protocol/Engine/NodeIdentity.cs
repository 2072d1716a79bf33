using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine;

/// <summary>A node's key and the certificate its settler issued for it.</summary>
public sealed record NodeIdentity(SecretKey Key, SignedCertificate Certificate);
