namespace GigGossip.Protocol.Peers;

/// <summary>A connected peer as the <see cref="PeerManager"/> sees it.</summary>
public sealed record PeerConnectionInfo(string Address, string Group, bool Inbound, long SinceUnixMs);
