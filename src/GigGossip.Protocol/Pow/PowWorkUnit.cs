using System.Buffers.Binary;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Pow;

/// <summary>
/// The 80 bytes a proof of work hashes: payload digest (32) || middleman public key (32) ||
/// timestamp (8, big-endian unix milliseconds) || nonce (8, big-endian). The first 64 bytes are exactly
/// one SHA-256 block, hashed once here into a midstate; each try then compresses only the final block
/// (timestamp, nonce and the padding of an 80-byte message).
/// </summary>
public sealed class PowWorkUnit
{
    public const int Length = 80;
    public const int PrefixLength = Sha256Compression.BlockLength;
    public const int DigestLength = 32;
    private const uint MessageBits = Length * 8;

    private readonly byte[] _prefix;
    private readonly uint[] _midstate;

    public PowWorkUnit(ReadOnlySpan<byte> payloadDigest, PublicKey middlemanKey, long timestampUnixMs)
    {
        if (payloadDigest.Length != DigestLength) throw new ArgumentException($"payload digest must be {DigestLength} bytes, got {payloadDigest.Length}", nameof(payloadDigest));
        _prefix = [.. payloadDigest, .. middlemanKey.Bytes];
        _midstate = Sha256Compression.InitialState.ToArray();
        Sha256Compression.Compress(_midstate, _prefix);
        TimestampUnixMs = timestampUnixMs;
    }

    public long TimestampUnixMs { get; }

    /// <summary>The state after the 64-byte prefix.</summary>
    internal ReadOnlySpan<uint> Midstate => _midstate;

    /// <summary>The 80 bytes hashed for a nonce.</summary>
    public byte[] ToBytes(ulong nonce)
    {
        var bytes = new byte[Length];
        _prefix.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(PrefixLength), TimestampUnixMs);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(PrefixLength + 8), nonce);
        return bytes;
    }

    /// <summary>Writes the final block (64 bytes) for a nonce: tail, 0x80, zeros, message length in bits.</summary>
    internal void WriteFinalBlock(Span<byte> block, ulong nonce)
    {
        block.Clear();
        BinaryPrimitives.WriteInt64BigEndian(block, TimestampUnixMs);
        BinaryPrimitives.WriteUInt64BigEndian(block[8..], nonce);
        block[16] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(block[60..], MessageBits);
    }

    /// <summary>The same final block as 16 message words.</summary>
    internal unsafe void WriteFinalBlock(uint* words, ulong nonce)
    {
        words[0] = (uint)((ulong)TimestampUnixMs >> 32);
        words[1] = (uint)TimestampUnixMs;
        words[2] = (uint)(nonce >> 32);
        words[3] = (uint)nonce;
        words[4] = 0x80000000;
        for (var i = 5; i < 15; i++) words[i] = 0;
        words[15] = MessageBits;
    }
}
