using System.Buffers.Binary;

namespace GigGossip.Protocol.Bolt11;

/// <summary>One hop of a private route (field <c>r</c>): 51 bytes on the wire.</summary>
public sealed record Bolt11RouteHop(byte[] PublicKey, ulong ShortChannelId, uint FeeBaseMsat, uint FeeProportionalMillionths, ushort CltvExpiryDelta)
{
    public const int EncodedLength = 33 + 8 + 4 + 4 + 2;

    /// <summary>The short channel id as block x transaction x output, e.g. "589390x3312x1".</summary>
    public string ShortChannelIdText => $"{ShortChannelId >> 40}x{(ShortChannelId >> 16) & 0xFFFFFF}x{ShortChannelId & 0xFFFF}";

    internal static Bolt11RouteHop Read(ReadOnlySpan<byte> hop) => new(
        hop[..33].ToArray(),
        BinaryPrimitives.ReadUInt64BigEndian(hop[33..41]),
        BinaryPrimitives.ReadUInt32BigEndian(hop[41..45]),
        BinaryPrimitives.ReadUInt32BigEndian(hop[45..49]),
        BinaryPrimitives.ReadUInt16BigEndian(hop[49..51]));

    internal void Write(Span<byte> hop)
    {
        if (PublicKey.Length != 33) throw new ArgumentException("route hop public key must be 33 bytes (compressed)");
        PublicKey.CopyTo(hop);
        BinaryPrimitives.WriteUInt64BigEndian(hop[33..41], ShortChannelId);
        BinaryPrimitives.WriteUInt32BigEndian(hop[41..45], FeeBaseMsat);
        BinaryPrimitives.WriteUInt32BigEndian(hop[45..49], FeeProportionalMillionths);
        BinaryPrimitives.WriteUInt16BigEndian(hop[49..51], CltvExpiryDelta);
    }
}
