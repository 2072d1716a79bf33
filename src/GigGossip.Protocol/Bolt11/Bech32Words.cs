namespace GigGossip.Protocol.Bolt11;

/// <summary>Conversions between bytes, numbers and bech32's 5-bit words (big-endian bit order).</summary>
internal static class Bech32Words
{
    /// <summary>Packs words into bytes; <paramref name="padToByte"/> appends zero bits, otherwise leftover bits are dropped.</summary>
    public static byte[] ToBytes(ReadOnlySpan<byte> words, bool padToByte)
    {
        var bitCount = words.Length * 5;
        var bytes = new byte[padToByte ? (bitCount + 7) / 8 : bitCount / 8];
        int accumulator = 0, bits = 0, at = 0;
        foreach (var word in words)
        {
            accumulator = ((accumulator << 5) | word) & 0xfff;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes[at++] = (byte)(accumulator >> bits);
            }
        }
        if (padToByte && bits > 0) bytes[at] = (byte)(accumulator << (8 - bits));
        return bytes;
    }

    /// <summary>Splits bytes into words, padding the last word with zero bits.</summary>
    public static byte[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var words = new byte[(bytes.Length * 8 + 4) / 5];
        int accumulator = 0, bits = 0, at = 0;
        foreach (var b in bytes)
        {
            accumulator = ((accumulator << 8) | b) & 0xfff;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                words[at++] = (byte)((accumulator >> bits) & 31);
            }
        }
        if (bits > 0) words[at] = (byte)((accumulator << (5 - bits)) & 31);
        return words;
    }

    /// <summary>The big-endian number in the words, or null when it does not fit in 63 bits.</summary>
    public static long? ToNumber(ReadOnlySpan<byte> words)
    {
        ulong value = 0;
        foreach (var word in words)
        {
            if (value > (ulong)long.MaxValue >> 5) return null;
            value = (value << 5) | word;
        }
        return value > long.MaxValue ? null : (long)value;
    }

    /// <summary>The shortest big-endian words for a non-negative number (none for zero).</summary>
    public static byte[] FromNumber(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var words = new List<byte>();
        for (var rest = value; rest > 0; rest >>= 5) words.Insert(0, (byte)(rest & 31));
        return [.. words];
    }
}
