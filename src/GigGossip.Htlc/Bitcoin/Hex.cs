namespace GigGossip.Htlc.Bitcoin;

/// <summary>Hex parsing for values that come from outside, with errors that name the value.</summary>
public static class Hex
{
    public static byte[] Parse(string hex, string what)
    {
        var trimmed = hex.Trim();
        if (trimmed.Length % 2 != 0) throw new BitcoinFormatException($"{what} is not hex: odd number of digits");
        try
        {
            return Convert.FromHexString(trimmed);
        }
        catch (FormatException)
        {
            throw new BitcoinFormatException($"{what} is not hex");
        }
    }

    public static byte[] Parse(string hex, string what, int length)
    {
        var bytes = Parse(hex, what);
        if (bytes.Length != length) throw new BitcoinFormatException($"{what} must be {length} bytes, got {bytes.Length}");
        return bytes;
    }

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
