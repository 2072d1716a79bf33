namespace GigGossip.Protocol.Bolt11;

/// <summary>Which checksum constant a bech32 string uses: BIP173's (BOLT 11, segwit v0) or BIP350's bech32m (segwit v1 and later).</summary>
public enum Bech32Variant
{
    Bech32,
    Bech32m,
}

/// <summary>
/// BIP173 bech32 and BIP350 bech32m over 5-bit words, the one codec of BOLT 11 invoices and segwit addresses. The
/// length limit is the caller's (BOLT 11 lifts BIP173's 90 characters). Decoding accepts all-lower or all-upper case, never mixed.
/// </summary>
public static class Bech32
{
    public const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const int ChecksumLength = 6;
    private const uint Bech32Constant = 1;
    private const uint Bech32mConstant = 0x2bc830a3;
    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    private static readonly sbyte[] CharsetIndex = BuildCharsetIndex();

    /// <summary>Encodes a human-readable part and 5-bit words as lower-case bech32 (or bech32m).</summary>
    public static string Encode(string hrp, ReadOnlySpan<byte> words, Bech32Variant variant = Bech32Variant.Bech32)
    {
        var checksum = Checksum(hrp, words, variant == Bech32Variant.Bech32 ? Bech32Constant : Bech32mConstant);
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

    /// <summary>Decodes bech32 text into its lower-case human-readable part and its data words (checksum removed); bech32m is refused.</summary>
    public static (string Hrp, byte[] Words) Decode(string text, int maxLength)
    {
        var (hrp, words, variant) = DecodeAnyVariant(text, maxLength);
        if (variant != Bech32Variant.Bech32) throw new Bolt11FormatException("bech32 checksum is wrong");
        return (hrp, words);
    }

    /// <summary>Decodes bech32 or bech32m text into its lower-case human-readable part, its data words (checksum removed) and its variant.</summary>
    public static (string Hrp, byte[] Words, Bech32Variant Variant) DecodeAnyVariant(string text, int maxLength)
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
            if (index < 0) throw new Bolt11FormatException($"bech32 data part has invalid character '{c}', which is not in the bech32 alphabet");
            data[i] = (byte)index;
        }
        var variant = Polymod(hrp, data) switch
        {
            Bech32Constant => Bech32Variant.Bech32,
            Bech32mConstant => Bech32Variant.Bech32m,
            _ => throw new Bolt11FormatException("bech32 checksum is wrong"),
        };
        return (hrp, data[..^ChecksumLength], variant);
    }

    private static byte[] Checksum(string hrp, ReadOnlySpan<byte> words, uint constant)
    {
        var values = new byte[words.Length + ChecksumLength];
        words.CopyTo(values);
        var polymod = Polymod(hrp, values) ^ constant;
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
