using System.Buffers.Binary;

namespace GigGossip.Htlc.Bitcoin;

/// <summary>Little-endian reader for Bitcoin's serialization; every overrun is a <see cref="BitcoinFormatException"/>.</summary>
internal sealed class ByteReader(byte[] bytes, string what)
{
    private int _position;

    public int Remaining => bytes.Length - _position;

    public byte PeekByte() => _position < bytes.Length ? bytes[_position] : throw Truncated();

    public byte ReadByte() => ReadBytes(1)[0];

    public byte[] ReadBytes(int count)
    {
        if (count < 0 || count > Remaining) throw Truncated();
        var result = bytes.AsSpan(_position, count).ToArray();
        _position += count;
        return result;
    }

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    /// <summary>A CompactSize that must be canonical (shortest form) and not above <paramref name="max"/>.</summary>
    public int ReadCompactSize(int max)
    {
        var first = ReadByte();
        ulong value = first switch
        {
            < 0xfd => first,
            0xfd => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2)),
            0xfe => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8)),
        };
        var minimum = first switch { < 0xfd => 0UL, 0xfd => 0xfdUL, 0xfe => 0x10000UL, _ => 0x100000000UL };
        if (value < minimum) throw new BitcoinFormatException($"{what}: non-canonical length encoding");
        if (value > (ulong)max) throw new BitcoinFormatException($"{what}: length {value} is larger than {max}");
        return (int)value;
    }

    public byte[] ReadVarBytes(int max) => ReadBytes(ReadCompactSize(max));

    private BitcoinFormatException Truncated() => new($"{what} is truncated");
}
