using System.Buffers.Binary;
using GigGossip.Htlc.Bitcoin;

namespace GigGossip.Htlc.Scripts;

/// <summary>Reading and writing script bytes: minimal pushes when writing, truncation checks when reading.</summary>
public static class Script
{
    /// <summary>Splits a script into chunks; a push that runs past the end is a <see cref="BitcoinFormatException"/>.</summary>
    public static IReadOnlyList<ScriptChunk> Parse(ReadOnlySpan<byte> script)
    {
        var chunks = new List<ScriptChunk>();
        var position = 0;
        while (position < script.Length)
        {
            var opcode = script[position++];
            if (opcode > Opcode.PushData4)
            {
                chunks.Add(new ScriptChunk(opcode, null));
                continue;
            }
            int length;
            if (opcode < Opcode.PushData1) length = opcode;
            else
            {
                var lengthSize = opcode switch { Opcode.PushData1 => 1, Opcode.PushData2 => 2, _ => 4 };
                if (position + lengthSize > script.Length) throw new BitcoinFormatException("script push length runs past the end");
                var lengthBytes = script.Slice(position, lengthSize);
                var declared = lengthSize switch
                {
                    1 => lengthBytes[0],
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes),
                    _ => BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes),
                };
                position += lengthSize;
                if (declared > (uint)(script.Length - position)) throw new BitcoinFormatException("script push runs past the end");
                length = (int)declared;
            }
            if (length > script.Length - position) throw new BitcoinFormatException("script push runs past the end");
            chunks.Add(new ScriptChunk(opcode, script.Slice(position, length).ToArray()));
            position += length;
        }
        return chunks;
    }

    /// <summary>The shortest push of <paramref name="data"/> (a lone 1..16 or 0x81 becomes OP_1..OP_16 or OP_1NEGATE).</summary>
    public static byte[] Push(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0) return [Opcode.Op0];
        if (data.Length == 1 && data[0] is >= 1 and <= 16) return [(byte)(Opcode.Op1 + data[0] - 1)];
        if (data.Length == 1 && data[0] == 0x81) return [Opcode.Op1Negate];
        if (data.Length <= 75) return [(byte)data.Length, .. data];
        if (data.Length <= 255) return [Opcode.PushData1, (byte)data.Length, .. data];
        if (data.Length <= 65535) return [Opcode.PushData2, (byte)data.Length, (byte)(data.Length >> 8), .. data];
        throw new BitcoinFormatException("push of more than 65535 bytes");
    }

    /// <summary>The minimal push of a script number.</summary>
    public static byte[] PushNumber(long value) => Push(ScriptNumber.Encode(value));

    /// <summary>Space-separated opcodes and hex pushes, as bitcoin-cli's decodescript shows them.</summary>
    public static string ToAsm(ReadOnlySpan<byte> script) => string.Join(' ', Parse(script).Select(c => c.ToString()));
}
