namespace GigGossip.Protocol.Tests.Crypto;

/// <summary>Every way to damage a blob: each single bit flipped, each truncation, an extra byte.</summary>
internal static class TamperCases
{
    public static IEnumerable<byte[]> BitFlips(byte[] blob)
    {
        for (var bit = 0; bit < blob.Length * 8; bit++)
        {
            var copy = (byte[])blob.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            yield return copy;
        }
    }

    public static IEnumerable<byte[]> Truncations(byte[] blob)
    {
        for (var length = 0; length < blob.Length; length++) yield return blob[..length];
    }

    public static IEnumerable<byte[]> Extensions(byte[] blob)
    {
        yield return [.. blob, 0];
        yield return [0, .. blob];
    }
}
