namespace GigGossip.Network.Tcp;

/// <summary>A peer address that is not <c>pubkey@host:port</c>; the message says which part is wrong.</summary>
public sealed class InvalidPeerAddressException(string address, string reason)
    : FormatException($"invalid peer address '{address}': {reason} (expected pubkey@host:port, pubkey = 66 hex compressed or 64 hex x-only)")
{
    public string Address { get; } = address;
}
