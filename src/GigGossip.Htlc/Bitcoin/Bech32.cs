namespace GigGossip.Htlc.Bitcoin;

/// <summary>Which checksum constant a bech32 string uses: BIP173 (segwit v0) or BIP350 (v1 and later).</summary>
public enum Bech32Variant
{
    Bech32,
    Bech32m,
}

/// <summary>Bech32 and bech32m strings (BIP173, BIP350): a human-readable part, '1', 5-bit data and a 6-character checksum.</summary>
public static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const uint Bech32Constant = 1;
    private const uint Bech32mConstant = 0x2bc830a3;
    private const int MaxLength = 90;
    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    public static string Encode(string hrp, ReadOnlySpan<byte> data5, Bech32Variant variant)
    {
        var checksum = CreateChecksum(hrp, data5, variant);
        var builder = new System.Text.StringBuilder(hrp.Length + 1 + data5.Length + 6);
        builder.Append(hrp).Append('1');
        foreach (var value in data5) builder.Append(Charset[value]);
        foreach (var value in checksum) builder.Append(Charset[value]);
        return builder.ToString();
    }

    /// <summary>Decodes and checks a bech32/bech32m string; returns the lower-case HRP, the 5-bit data (without checksum) and the variant.</summary>
    public static (string Hrp, byte[] Data5, Bech32Variant Variant) Decode(string text)
    {
        if (text.Length > MaxLength) throw new BitcoinFormatException($"bech32 string is longer than {MaxLength} characters");
        var hasLower = text.Any(char.IsAsciiLetterLower);
        var hasUpper = text.Any(char.IsAsciiLetterUpper);
        if (hasLower && hasUpper) throw new BitcoinFormatException("bech32 string mixes upper and lower case");
        if (text.Any(c => c < 33 || c > 126)) throw new BitcoinFormatException("bech32 string has a character outside printable ASCII");
        var lower = text.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator < 1) throw new BitcoinFormatException("bech32 string has no human-readable part");
        if (separator + 7 > lower.Length) throw new BitcoinFormatException("bech32 string is too short for its checksum");
        var hrp = lower[..separator];
        var values = new byte[lower.Length - separator - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var index = Charset.IndexOf(lower[separator + 1 + i]);
            if (index < 0) throw new BitcoinFormatException($"bech32 string has invalid character '{lower[separator + 1 + i]}'");
            values[i] = (byte)index;
        }
        var polymod = Polymod(HrpExpand(hrp).Concat(values));
        var variant = polymod switch
        {
            Bech32Constant => Bech32Variant.Bech32,
            Bech32mConstant => Bech32Variant.Bech32m,
            _ => throw new BitcoinFormatException("bech32 checksum is wrong"),
        };
        return (hrp, values[..^6], variant);
    }

    /// <summary>Regroups bits (8 to 5 or 5 to 8); when not padding, leftover bits must be fewer than <paramref name="fromBits"/> and zero.</summary>
    public static byte[] ConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits, bool pad)
    {
        var accumulator = 0;
        var bits = 0;
        var maxValue = (1 << toBits) - 1;
        var result = new List<byte>(data.Length * fromBits / toBits + 1);
        foreach (var value in data)
        {
            if (value >> fromBits != 0) throw new BitcoinFormatException("bech32 data value out of range");
            accumulator = (accumulator << fromBits) | value;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                result.Add((byte)((accumulator >> bits) & maxValue));
            }
        }
        if (pad)
        {
            if (bits > 0) result.Add((byte)((accumulator << (toBits - bits)) & maxValue));
        }
        else if (bits >= fromBits || ((accumulator << (toBits - bits)) & maxValue) != 0)
        {
            throw new BitcoinFormatException("bech32 data has invalid padding");
        }
        return [.. result];
    }

    private static byte[] CreateChecksum(string hrp, ReadOnlySpan<byte> data5, Bech32Variant variant)
    {
        var constant = variant == Bech32Variant.Bech32 ? Bech32Constant : Bech32mConstant;
        var polymod = Polymod([.. HrpExpand(hrp), .. data5, 0, 0, 0, 0, 0, 0]) ^ constant;
        var checksum = new byte[6];
        for (var i = 0; i < 6; i++) checksum[i] = (byte)((polymod >> (5 * (5 - i))) & 31);
        return checksum;
    }

    private static byte[] HrpExpand(string hrp)
    {
        var result = new byte[hrp.Length * 2 + 1];
        for (var i = 0; i < hrp.Length; i++)
        {
            result[i] = (byte)(hrp[i] >> 5);
            result[hrp.Length + 1 + i] = (byte)(hrp[i] & 31);
        }
        return result;
    }

    private static uint Polymod(IEnumerable<byte> values)
    {
        uint checksum = 1;
        foreach (var value in values)
        {
            var top = checksum >> 25;
            checksum = ((checksum & 0x1ffffff) << 5) ^ value;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) != 0) checksum ^= Generator[i];
            }
        }
        return checksum;
    }
}
