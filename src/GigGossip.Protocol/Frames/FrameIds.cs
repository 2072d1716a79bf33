using System.Security.Cryptography;
using Google.Protobuf;

namespace GigGossip.Protocol.Frames;

/// <summary>Fresh random 16-byte identifiers (payload ids, ask ids, certificate serials).</summary>
public static class FrameIds
{
    public static ByteString New() => ByteString.CopyFrom(RandomNumberGenerator.GetBytes(WireLengths.Id));
}
