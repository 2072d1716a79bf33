namespace GigGossip.Protocol.Bolt11;

/// <summary>
/// BIP173 bech32 (checksum constant 1) over 5-bit words, without BIP173's 90-character limit as
/// BOLT 11 requires. Decoding accepts all-lower or all-upper case, never mixed.
/// </summary>
public static class Bech32
{
    public const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const int ChecksumLength = 6;
    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    private static readonly sbyte[] CharsetIndex = BuildCharsetIndex();

    /// <summary>Encodes a human-readable part and 5-bit words as lower-case bech32.</summary>
    public static string Encode(string hrp, ReadOnlySpan<byte> words)
    {
        var checksum = Checksum(hrp, words);
        var chars = new char[hrp.Length + 1 + words.Length + ChecksumLength];
        hrp.CopyTo(chars);
        chars[hrp.Length] = '1';
        var at = hrp.Length + 1;
        foreach (var word in words)
        {
            if (word > 31) throw new ArgumentException("bech32 words are 5-bit values", nameof(words));
            chars[at++] = Charset[word];
        }
        foreach (var word in checksum) chars[at++] = Charset[word];
        return new string(chars);
    }

    /// <summary>Decodes bech32 text into its lower-case human-readable part and its data words (checksum removed).</summary>
    public static (string Hrp, byte[] Words) Decode(string text, int maxLength)
    {
        if (text.Length > maxLength) throw new Bolt11FormatException($"bech32 string is longer than {maxLength} characters");
        bool hasLower = false, hasUpper = false;
        foreach (var c in text)
        {
            if (c < 33 || c > 126) throw new Bolt11FormatException($"bech32 string contains an invalid character (U+{(int)c:X4})");
            hasLower |= c is >= 'a' and <= 'z';
            hasUpper |= c is >= 'A' and <= 'Z';
        }
        if (hasLower && hasUpper) throw new Bolt11FormatException("bech32 string mixes upper and lower case");
        var lower = text.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator < 0) throw new Bolt11FormatException("bech32 string has no '1' separator");
        if (separator == 0) throw new Bolt11FormatException("bech32 string has an empty human-readable part");
        if (lower.Length - separator - 1 < ChecksumLength) throw new Bolt11FormatException("bech32 data part is shorter than its checksum");

        var hrp = lower[..separator];
        var data = new byte[lower.Length - separator - 1];
        for (var i = 0; i < data.Length; i++)
        {
            var c = lower[separator + 1 + i];
            var index = c < 128 ? CharsetIndex[c] : (sbyte)-1;
            if (index < 0) throw new Bolt11FormatException($"bech32 data part contains '{c}', which is not in the bech32 alphabet");
            data[i] = (byte)index;
        }
        if (Polymod(hrp, data) != 1) throw new Bolt11FormatException("bech32 checksum is invalid");
        return (hrp, data[..^ChecksumLength]);
    }

    private static byte[] Checksum(string hrp, ReadOnlySpan<byte> words)
    {
        var values = new byte[words.Length + ChecksumLength];
        words.CopyTo(values);
        var polymod = Polymod(hrp, values) ^ 1;
        var checksum = new byte[ChecksumLength];
        for (var i = 0; i < ChecksumLength; i++) checksum[i] = (byte)((polymod >> (5 * (5 - i))) & 31);
        return checksum;
    }

    private static uint Polymod(string hrp, ReadOnlySpan<byte> values)
    {
        uint checksum = 1;
        foreach (var c in hrp) checksum = Step(checksum, (byte)(c >> 5));
        checksum = Step(checksum, 0);
        foreach (var c in hrp) checksum = Step(checksum, (byte)(c & 31));
        foreach (var value in values) checksum = Step(checksum, value);
        return checksum;
    }

    private static uint Step(uint checksum, byte value)
    {
        var top = checksum >> 25;
        checksum = ((checksum & 0x1ffffff) << 5) ^ value;
        for (var i = 0; i < 5; i++)
            if (((top >> i) & 1) != 0) checksum ^= Generator[i];
        return checksum;
    }

    private static sbyte[] BuildCharsetIndex()
    {
        var index = new sbyte[128];
        Array.Fill(index, (sbyte)-1);
        for (var i = 0; i < Charset.Length; i++) index[Charset[i]] = (sbyte)i;
        return index;
    }
}
