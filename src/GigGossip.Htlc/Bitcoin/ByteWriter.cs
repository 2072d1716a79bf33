using System.Buffers.Binary;

namespace GigGossip.Htlc.Bitcoin;

/// <summary>Little-endian writer for Bitcoin's serialization (CompactSize lengths).</summary>
internal sealed class ByteWriter
{
    private readonly MemoryStream _stream = new();

    public void Write(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    public void WriteByte(byte value) => _stream.WriteByte(value);

    public void WriteUInt32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        _stream.Write(buffer);
    }

    public void WriteInt32(int value) => WriteUInt32(unchecked((uint)value));

    public void WriteInt64(long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, value);
        _stream.Write(buffer);
    }

    public void WriteCompactSize(ulong value)
    {
        switch (value)
        {
            case < 0xfd:
                _stream.WriteByte((byte)value);
                break;
            case <= 0xffff:
                _stream.WriteByte(0xfd);
                Span<byte> two = stackalloc byte[2];
                BinaryPrimitives.WriteUInt16LittleEndian(two, (ushort)value);
                _stream.Write(two);
                break;
            case <= 0xffffffff:
                _stream.WriteByte(0xfe);
                WriteUInt32((uint)value);
                break;
            default:
                _stream.WriteByte(0xff);
                Span<byte> eight = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(eight, value);
                _stream.Write(eight);
                break;
        }
    }

    public void WriteVarBytes(ReadOnlySpan<byte> bytes)
    {
        WriteCompactSize((ulong)bytes.Length);
        _stream.Write(bytes);
    }

    public byte[] ToArray() => _stream.ToArray();
}
