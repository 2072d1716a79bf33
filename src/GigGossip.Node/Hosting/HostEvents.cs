using GigGossip.Network.Tcp;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Hosting;

/// <summary>A peer connection came up (the first one to that peer).</summary>
public sealed record PeerUp(PublicKey Peer, bool Inbound) : NodeEvent;

/// <summary>The last connection to a peer went down.</summary>
public sealed record PeerDown(PublicKey Peer, string Reason) : NodeEvent;

/// <summary>An outbound peer could not be reached, was lost, or did not prove the key of its address (<paramref name="WrongKey"/>); it is dialled again later.</summary>
public sealed record PeerRedialling(PeerAddress Address, string Reason, bool WrongKey) : NodeEvent;

/// <summary>An incoming connection failed its handshake (it may have dialled another node's key).</summary>
public sealed record InboundHandshakeFailed(string RemoteEndPoint, string Reason) : NodeEvent;

/// <summary>A peer sent a frame that does not decode; after the node's limit of them it is disconnected.</summary>
public sealed record PeerMisbehaved(PublicKey Peer, int BadFrames, bool Disconnected, string Detail) : NodeEvent;

/// <summary>The node disconnected a peer for misbehaving: the reason says what it did (too many bad or refused frames, a broken stream).</summary>
public sealed record PeerDropped(PublicKey Peer, string Reason) : NodeEvent;

/// <summary>A trusted settler's revocation list was fetched and is in use.</summary>
public sealed record TrustRefreshed(string SettlerUri, int RevokedCertificates) : NodeEvent;
