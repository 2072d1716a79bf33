namespace GigGossip.Protocol.Peers;

/// <summary>What a node makes of a peer record it was sent.</summary>
public enum PeerRecordVerdict
{
    Valid,
    BadSignature,
    BadAddress,
    Stale,
    FromTheFuture,
}
