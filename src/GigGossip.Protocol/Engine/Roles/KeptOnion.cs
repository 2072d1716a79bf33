using System.Runtime.CompilerServices;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Onion;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// The backward onion a node's asks for one request grow when a peer answers, kept without its trailing zero bytes. A node
/// holds one per request for as long as an ask may be answered (most never are: the peer already had the request), and the
/// simulator's modelled onions are a handle followed by zeros, so this keeps a few bytes of them instead of the whole fixed
/// length; a real onion is random and keeps (nearly) all of it. <see cref="Grow"/> sees the same bytes as the original.
/// </summary>
internal readonly struct KeptOnion
{
    private readonly byte[] _head;
    private readonly int _length;

    public KeptOnion(ReadOnlySpan<byte> onion)
    {
        _head = onion[..(onion.LastIndexOfAnyExcept((byte)0) + 1)].ToArray();
        _length = onion.Length;
    }

    /// <summary><see cref="FixedSizeOnion.Grow(ReadOnlySpan{byte}, PublicKey, PublicKey, Span{byte})"/> of the kept onion into <paramref name="destination"/>.</summary>
    [SkipLocalsInit]
    public void Grow(PublicKey myPeerId, PublicKey nextPeerPublicKey, Span<byte> destination)
    {
        // Not zeroed on allocation: the head is copied in and only the rest cleared.
        Span<byte> onion = _length <= FixedSizeOnion.Length ? stackalloc byte[FixedSizeOnion.Length] : new byte[_length];
        onion = onion[.._length];
        _head.CopyTo(onion);
        onion[_head.Length..].Clear();
        FixedSizeOnion.Grow(onion, myPeerId, nextPeerPublicKey, destination);
    }
}
