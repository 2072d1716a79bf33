using System.Buffers.Binary;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// An ask id (16 bytes on the wire, checked by the frame validator) held as a number: a node remembers one per ask it sent
/// or answered for the memory window, and a hex string costs several times the bytes. Held as two 64-bit halves, not a
/// <see cref="UInt128"/>, which is aligned to 16 bytes and so pads every map entry and queue slot holding one by 8.
/// </summary>
public readonly record struct AskId
{
    public const int Length = 16;

    private readonly ulong _high;
    private readonly ulong _low;

    public AskId(UInt128 value)
    {
        _high = (ulong)(value >> 64);
        _low = (ulong)value;
    }

    public UInt128 Value => new(_high, _low);

    /// <summary>Reads a 16-byte id; the wire length is checked before a frame reaches the engine.</summary>
    public static AskId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length) throw new ArgumentException($"an ask id is {Length} bytes, got {bytes.Length}", nameof(bytes));
        return new AskId(BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    public static AskId FromBytes(ByteString bytes) => FromBytes(bytes.Span);

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        return bytes;
    }

    public override string ToString() => Convert.ToHexStringLower(ToBytes());
}
