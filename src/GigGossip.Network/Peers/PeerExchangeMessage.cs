namespace GigGossip.Network.Peers;

/// <summary>A peer-exchange message from a peer: a request for addresses (empty <see cref="Body"/>) or a list of records (<see cref="PeerMessageType.PeerRecords"/>, protobuf body).</summary>
public sealed record PeerExchangeMessage(PeerMessageType Type, byte[] Body)
{
    public bool IsRequest => Type == PeerMessageType.PeerRecordsRequest;
}
