using System.Buffers.Binary;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// A payload id (16 bytes, checked by the payload reader) as a map key: the middleman remembers one per request it saw for the
/// memory window. Events and commands keep the hex form.
/// </summary>
internal readonly record struct PayloadKey(UInt128 Value)
{
    public static PayloadKey From(ByteString id) => From(id.Span);

    public static PayloadKey From(ReadOnlySpan<byte> id) => new(BinaryPrimitives.ReadUInt128BigEndian(id));

}

/// <summary>A proof of work's key: the peer that was offered conditions and the ask id it chose.</summary>
internal readonly record struct ProofKey(Crypto.PublicKey Peer, AskId Ask);
