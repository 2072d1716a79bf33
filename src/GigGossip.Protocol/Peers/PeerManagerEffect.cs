using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Peers;

/// <summary>What the <see cref="PeerManager"/> asks its host to do.</summary>
public abstract record PeerManagerEffect
{
    private PeerManagerEffect() { }

    /// <summary>Open an outbound connection (BOLT 8 to <paramref name="Node"/> at <paramref name="Address"/>); report the outcome.</summary>
    public sealed record Dial(PublicKey Node, string Address) : PeerManagerEffect;

    /// <summary>Close the connection with the peer.</summary>
    public sealed record Disconnect(PublicKey Peer, string Reason) : PeerManagerEffect;

    /// <summary>Send the peer these signed records (an answer to its request, or our own record on connecting).</summary>
    public sealed record SendRecords(PublicKey Peer, IReadOnlyList<PeerRecord> Records) : PeerManagerEffect;

    /// <summary>Ask the peer for addresses it knows.</summary>
    public sealed record RequestRecords(PublicKey Peer) : PeerManagerEffect;
}
