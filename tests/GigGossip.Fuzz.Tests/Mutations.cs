using CsCheck;

namespace GigGossip.Fuzz.Tests;

/// <summary>Generated inputs for decoders: random bytes, and valid encodings bit-flipped, truncated, extended or spliced.</summary>
internal static class Mutations
{
    public const int Iterations = 3_000;

    public static Gen<byte[]> RandomBytes(int maxLength) => Gen.Byte.Array[0, maxLength];

    /// <summary>A valid encoding with one random edit: flip a bit, cut, append, overwrite a run, or duplicate a slice.</summary>
    public static Gen<byte[]> Of(byte[] valid) =>
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, Math.Max(0, valid.Length - 1)], Gen.Byte.Array[1, 16], (kind, at, noise) => Mutate(valid, kind, at, noise));

    public static Gen<string> OfText(string valid) => Of(System.Text.Encoding.ASCII.GetBytes(valid)).Select(bytes => System.Text.Encoding.Latin1.GetString(bytes));

    public static Gen<string> Text(string alphabet, int maxLength) => Gen.Char[alphabet].Array[0, maxLength].Select(chars => new string(chars));

    private static byte[] Mutate(byte[] valid, int kind, int at, byte[] noise)
    {
        if (valid.Length == 0) return noise;
        var bytes = (byte[])valid.Clone();
        switch (kind)
        {
            case 0:
                bytes[at] ^= (byte)(1 << (noise[0] & 7));
                return bytes;
            case 1:
                return bytes[..at];
            case 2:
                return [.. bytes, .. noise];
            case 3:
                for (var i = 0; i < noise.Length && at + i < bytes.Length; i++) bytes[at + i] = noise[i];
                return bytes;
            default:
                return [.. bytes[..at], .. bytes[at..Math.Min(bytes.Length, at + noise.Length)], .. bytes[at..]];
        }
    }

    /// <summary>Runs a decoder: it may succeed or throw <typeparamref name="TAllowed"/>; any other exception fails the test.</summary>
    public static void OnlyThrows<TAllowed>(Action decode) where TAllowed : Exception
    {
        try { decode(); }
        catch (TAllowed) { }
    }

    public static void OnlyThrows<TAllowed, TAlsoAllowed>(Action decode) where TAllowed : Exception where TAlsoAllowed : Exception
    {
        try { decode(); }
        catch (TAllowed) { }
        catch (TAlsoAllowed) { }
    }
}
