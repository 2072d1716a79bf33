namespace GigGossip.Network.Peers;

/// <summary>
/// The first byte of every BOLT 8 message between Gig-gossip peers. A frame carries our protobuf
/// <c>Frame</c> bytes; a ping carries an 8-byte id that the pong echoes; peer exchange asks for and carries signed
/// peer records (added by issue #17: a node that predates them drops a peer that sends one, as "unknown message type").
/// Anything else (an unknown type, an empty message, a ping or pong that is not 9 bytes, a records request with a
/// body, records over <see cref="PeerConnectionOptions.MaxPeerRecordsLength"/>) is a protocol violation and drops the peer.
/// </summary>
public enum PeerMessageType : byte
{
    /// <summary><c>0x00 || frame bytes</c>: one protocol frame.</summary>
    Frame = 0x00,

    /// <summary><c>0x01 || id (8 bytes)</c>: keepalive or round-trip probe; answered by a pong.</summary>
    Ping = 0x01,

    /// <summary><c>0x02 || id (8 bytes)</c>: the answer to the ping with the same id.</summary>
    Pong = 0x02,

    /// <summary><c>0x03</c> alone: asks the peer for addresses it knows; answered (at most once a minute) by <see cref="PeerRecords"/>.</summary>
    PeerRecordsRequest = 0x03,

    /// <summary><c>0x04 || PeerRecordList (protobuf, peer_exchange.proto)</c>: signed peer records, the sender's own first.</summary>
    PeerRecords = 0x04,
}
