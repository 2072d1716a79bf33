using System.Buffers.Binary;
using System.Security.Cryptography;
using CsCheck;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Tests.Pow;

public class Sha256CompressionTests
{
    [Fact]
    public void Compression_over_padded_blocks_equals_system_sha256()
    {
        Gen.Byte.Array[0, 300].Sample(message => Assert.Equal(SHA256.HashData(message), HashWithCompression(message, byWords: false)), iter: 500);
    }

    [Fact]
    public void Word_overload_equals_byte_overload()
    {
        Gen.Byte.Array[0, 200].Sample(message => Assert.Equal(SHA256.HashData(message), HashWithCompression(message, byWords: true)), iter: 200);
    }

    [Fact]
    public void Wrong_sizes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Sha256Compression.Compress(new uint[7], new byte[64]));
        Assert.Throws<ArgumentException>(() => Sha256Compression.Compress(new uint[8], new byte[63]));
        Assert.Throws<ArgumentException>(() => Sha256Compression.Compress(new uint[8], new uint[15]));
    }

    /// <summary>FIPS 180-4 padding around the compression function under test.</summary>
    private static byte[] HashWithCompression(byte[] message, bool byWords)
    {
        var paddedLength = (message.Length + 9 + 63) / 64 * 64;
        var padded = new byte[paddedLength];
        message.CopyTo(padded, 0);
        padded[message.Length] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(padded.AsSpan(paddedLength - 8), (ulong)message.Length * 8);
        var state = Sha256Compression.InitialState.ToArray();
        for (var offset = 0; offset < paddedLength; offset += 64)
        {
            var block = padded.AsSpan(offset, 64);
            if (byWords)
            {
                var words = new uint[16];
                for (var i = 0; i < 16; i++) words[i] = BinaryPrimitives.ReadUInt32BigEndian(block[(4 * i)..]);
                Sha256Compression.Compress(state, words);
            }
            else
            {
                Sha256Compression.Compress(state, block);
            }
        }
        var hash = new byte[32];
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(4 * i), state[i]);
        return hash;
    }
}
