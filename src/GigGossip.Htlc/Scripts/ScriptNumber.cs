namespace GigGossip.Htlc.Scripts;

/// <summary>
/// Script numbers (CScriptNum): little-endian sign-magnitude, the sign in the top bit of the last byte,
/// zero as the empty array, and the minimal encoding having no needless trailing zero byte.
/// </summary>
public static class ScriptNumber
{
    public static byte[] Encode(long value)
    {
        if (value == 0) return [];
        var negative = value < 0;
        var magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        var bytes = new List<byte>(9);
        while (magnitude > 0)
        {
            bytes.Add((byte)(magnitude & 0xff));
            magnitude >>= 8;
        }
        if ((bytes[^1] & 0x80) != 0) bytes.Add(negative ? (byte)0x80 : (byte)0x00);
        else if (negative) bytes[^1] |= 0x80;
        return [.. bytes];
    }

    /// <summary>True when the bytes are the shortest encoding of their value.</summary>
    public static bool IsMinimal(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 0 || (bytes[^1] & 0x7f) != 0 || (bytes.Length > 1 && (bytes[^2] & 0x80) != 0);

    /// <summary>Decodes a number of at most <paramref name="maxLength"/> bytes; null when too long or (if required) not minimal.</summary>
    public static long? TryDecode(ReadOnlySpan<byte> bytes, int maxLength, bool requireMinimal)
    {
        if (bytes.Length > maxLength) return null;
        if (requireMinimal && !IsMinimal(bytes)) return null;
        if (bytes.Length == 0) return 0;
        long result = 0;
        for (var i = 0; i < bytes.Length; i++) result |= (long)bytes[i] << (8 * i);
        if ((bytes[^1] & 0x80) != 0) return -(result & ~(0x80L << (8 * (bytes.Length - 1))));
        return result;
    }
}
