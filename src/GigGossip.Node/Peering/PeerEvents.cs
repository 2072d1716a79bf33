using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Hosting;

/// <summary>A peer sent signed peer records: how many, how many the address book took (new or newer), and how many it refused (forged, stale, malformed).</summary>
public sealed record PeerRecordsReceived(PublicKey From, int Received, int Added, int Refused) : NodeEvent;

/// <summary>Discovery dialled a peer from its address book, an anchor or a bootstrap address, and it failed.</summary>
public sealed record PeerDialFailed(PublicKey Peer, string Address, string Reason) : NodeEvent;
