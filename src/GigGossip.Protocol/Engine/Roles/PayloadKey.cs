using System.Buffers.Binary;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// A payload id (16 bytes, checked by the payload reader) as a map key: the middleman remembers one per request it saw for the
/// memory window. Events and commands keep the hex form. Two 64-bit halves rather than a <see cref="UInt128"/>, whose 16-byte
/// alignment pads each map entry holding one.
/// </summary>
internal readonly record struct PayloadKey(ulong High, ulong Low)
{
    public static PayloadKey From(ByteString id) => From(id.Span);

    public static PayloadKey From(ReadOnlySpan<byte> id) => new(BinaryPrimitives.ReadUInt64BigEndian(id), BinaryPrimitives.ReadUInt64BigEndian(id[8..]));
}

/// <summary>A proof of work's key: the peer that was offered conditions and the ask id it chose.</summary>
internal readonly record struct ProofKey(Crypto.PublicKey Peer, AskId Ask);
