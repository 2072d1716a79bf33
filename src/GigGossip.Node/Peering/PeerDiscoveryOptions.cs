using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Protocol.Peers;

namespace GigGossip.Node.Peering;

/// <summary>
/// Peer discovery in the daemon (issue #17): the node runs a <see cref="PeerManager"/> over its address book, dials
/// outbound peers up to a quota, caps inbound ones, swaps signed peer records with its peers and keeps the book, the
/// scores and its anchors in its state file. The configured <c>peers</c> are kept connected as before, besides.
/// </summary>
public sealed record PeerDiscoveryOptions
{
    /// <summary>Addresses dialled when the address book is empty (first start, or a book whose every record aged out).</summary>
    public IReadOnlyList<PeerAddress> Bootstrap { get; init; } = [];

    public PeerManagerOptions Manager { get; init; } = new();

    public AddressBookOptions Book { get; init; } = new();

    /// <summary>
    /// The <c>host:port</c> this node advertises in its signed record; null: the address it listens on, unless that is a
    /// wildcard (0.0.0.0, ::), in which case it advertises none (peers still learn of it from nodes it dials).
    /// </summary>
    public string? AdvertisedAddress { get; init; }

    /// <summary>How often the address book, scores and anchors are written to the state file (and at every stop).</summary>
    public TimeSpan SaveInterval { get; init; } = TimeSpan.FromMinutes(1);

    public static PeerDiscoveryOptions Default { get; } = new();
}
