using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// The short code the sender (rider) gives the replier (driver) at pickup: six digits of a tagged hash of the network
/// preimage. The sender learns the preimage at the key reveal; the driver cannot know the code before the rider
/// tells it, and the settler, which made the preimage, checks it without keeping anything more.
/// </summary>
public static class PickupCode
{
    public const int Digits = 6;

    public static string Of(ReadOnlySpan<byte> networkPreimage)
    {
        var hash = TaggedHash.Compute(SignatureTags.PickupCode, networkPreimage);
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash) % 1_000_000UL;
        return value.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="code"/> is the job's code; compares in constant time.</summary>
    public static bool Matches(ReadOnlySpan<byte> networkPreimage, string code) =>
        code.Length == Digits && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(Of(networkPreimage)), System.Text.Encoding.UTF8.GetBytes(code));
}
