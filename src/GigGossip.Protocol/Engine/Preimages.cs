using System.Security.Cryptography;

namespace GigGossip.Protocol.Engine;

/// <summary>Lightning's rule: a preimage belongs to a payment hash when SHA256(preimage) equals it.</summary>
public static class Preimages
{
    public static bool Matches(ReadOnlySpan<byte> preimage, ReadOnlySpan<byte> paymentHash) =>
        preimage.Length == 32 && paymentHash.Length == 32 && SHA256.HashData(preimage).AsSpan().SequenceEqual(paymentHash);

    public static byte[] HashOf(ReadOnlySpan<byte> preimage) => SHA256.HashData(preimage);
}
