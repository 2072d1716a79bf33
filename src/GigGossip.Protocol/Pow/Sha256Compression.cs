using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace GigGossip.Protocol.Pow;

/// <summary>
/// The SHA-256 compression function (FIPS 180-4, section 6.2.2) on its own, so a proof-of-work solver can
/// hash a fixed 64-byte prefix once (the midstate) and then run one compression per try on the final block.
/// </summary>
public static class Sha256Compression
{
    public const int BlockLength = 64;

    /// <summary>H(0): the state before the first block.</summary>
    public static ReadOnlySpan<uint> InitialState =>
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];

    private static ReadOnlySpan<uint> K =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// <summary>Compresses one 64-byte block into the 8-word state.</summary>
    [SkipLocalsInit]
    public static unsafe void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        RequireState(state);
        if (block.Length != BlockLength) throw new ArgumentException($"block must be {BlockLength} bytes, got {block.Length}", nameof(block));
        var w = stackalloc uint[64];
        for (var i = 0; i < 16; i++) w[i] = BinaryPrimitives.ReadUInt32BigEndian(block[(4 * i)..]);
        fixed (uint* s = state) Compress(s, w);
    }

    /// <summary>Compresses one block given as its 16 big-endian message words into the 8-word state.</summary>
    [SkipLocalsInit]
    public static unsafe void Compress(Span<uint> state, ReadOnlySpan<uint> words)
    {
        RequireState(state);
        if (words.Length != 16) throw new ArgumentException($"block must be 16 words, got {words.Length}", nameof(words));
        var w = stackalloc uint[64];
        for (var i = 0; i < 16; i++) w[i] = words[i];
        fixed (uint* s = state) Compress(s, w);
    }

    /// <summary>
    /// The hot path: <paramref name="w"/> holds 64 words of which the first 16 are the block; the other 48
    /// are overwritten with the message schedule. No checks, no allocation.
    /// </summary>
    internal static unsafe void Compress(uint* state, uint* w)
    {
        for (var i = 16; i < 64; i++)
        {
            uint x = w[i - 15], y = w[i - 2];
            var s0 = BitOperations.RotateRight(x, 7) ^ BitOperations.RotateRight(x, 18) ^ (x >> 3);
            var s1 = BitOperations.RotateRight(y, 17) ^ BitOperations.RotateRight(y, 19) ^ (y >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
        fixed (uint* k = K)
        {
            for (var i = 0; i < 64; i += 8)
            {
                Round(a, b, c, ref d, e, f, g, ref h, k[i] + w[i]);
                Round(h, a, b, ref c, d, e, f, ref g, k[i + 1] + w[i + 1]);
                Round(g, h, a, ref b, c, d, e, ref f, k[i + 2] + w[i + 2]);
                Round(f, g, h, ref a, b, c, d, ref e, k[i + 3] + w[i + 3]);
                Round(e, f, g, ref h, a, b, c, ref d, k[i + 4] + w[i + 4]);
                Round(d, e, f, ref g, h, a, b, ref c, k[i + 5] + w[i + 5]);
                Round(c, d, e, ref f, g, h, a, ref b, k[i + 6] + w[i + 6]);
                Round(b, c, d, ref e, f, g, h, ref a, k[i + 7] + w[i + 7]);
            }
        }

        state[0] += a; state[1] += b; state[2] += c; state[3] += d;
        state[4] += e; state[5] += f; state[6] += g; state[7] += h;
    }

    /// <summary>One round with the working variables renamed instead of shifted: d += T1, h = T1 + T2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(uint a, uint b, uint c, ref uint d, uint e, uint f, uint g, ref uint h, uint kw)
    {
        var t1 = h + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25))
                   + (g ^ (e & (f ^ g))) + kw;
        var t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22))
                 + ((a & b) | (c & (a | b)));
        d += t1;
        h = t1 + t2;
    }

    private static void RequireState(Span<uint> state)
    {
        if (state.Length != 8) throw new ArgumentException($"state must be 8 words, got {state.Length}", nameof(state));
    }
}
