using System.Buffers.Binary;
using System.Numerics;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Pow;

/// <summary>
/// A hashcash target: a 256-bit big-endian number; a work unit's hash meets it when hash &lt;= target,
/// both read as big-endian integers. Lower targets cost more work.
/// </summary>
public sealed class PowTarget : IEquatable<PowTarget>
{
    public const int Length = 32;
    private readonly byte[] _bytes;
    private readonly uint[] _words;

    private PowTarget(byte[] bytes)
    {
        _bytes = bytes;
        _words = new uint[8];
        for (var i = 0; i < 8; i++) _words[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 * i));
        ExpectedTries = Math.Pow(2, 256) / (double)(new BigInteger(bytes, isUnsigned: true, isBigEndian: true) + 1);
    }

    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The average number of tries to meet the target: 2^256 / (target + 1) (worked out once per target).</summary>
    public double ExpectedTries { get; }

    /// <summary>The targets of whole leading zero bits, made once each (a target is immutable): every ask's conditions name one.</summary>
    private static readonly PowTarget?[] ByLeadingZeroBits = new PowTarget?[Length * 8 + 1];

    /// <summary>A target read from the wire; throws <see cref="CryptoException"/> unless it is exactly 32 bytes.</summary>
    public static PowTarget FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length) throw new CryptoException($"pow target must be {Length} bytes, got {bytes.Length}");
        var zeroBits = LeadingZeroBits(bytes);
        var usual = FromLeadingZeroBits(zeroBits);
        return bytes.SequenceEqual(usual._bytes) ? usual : new PowTarget(bytes.ToArray());
    }

    /// <summary>The target 2^(256 - bits) - 1: a hash meets it when its first <paramref name="bits"/> bits are zero.</summary>
    public static PowTarget FromLeadingZeroBits(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 256);
        if (ByLeadingZeroBits[bits] is { } made) return made;
        var bytes = new byte[Length];
        bytes.AsSpan(bits / 8).Fill(0xff);
        if (bits < 256 && bits % 8 != 0) bytes[bits / 8] = (byte)(0xff >> (bits % 8));
        return ByLeadingZeroBits[bits] = new PowTarget(bytes);
    }

    private static int LeadingZeroBits(ReadOnlySpan<byte> bytes)
    {
        var zeroBytes = bytes.IndexOfAnyExcept((byte)0);
        return zeroBytes < 0 ? Length * 8 : zeroBytes * 8 + BitOperations.LeadingZeroCount((uint)bytes[zeroBytes]) - 24;
    }

    /// <summary>True when the 32-byte hash, read big-endian, is at most the target.</summary>
    public bool IsMetBy(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != Length) throw new ArgumentException($"hash must be {Length} bytes, got {hash.Length}", nameof(hash));
        return hash.SequenceCompareTo(_bytes) <= 0;
    }

    /// <summary>The same test on a SHA-256 state (8 words, the hash in big-endian word order).</summary>
    internal unsafe bool IsMetBy(uint* state)
    {
        for (var i = 0; i < 8; i++)
        {
            if (state[i] != _words[i]) return state[i] < _words[i];
        }
        return true;
    }

    public string ToHex() => Convert.ToHexStringLower(_bytes);

    public override string ToString() => ToHex();

    public bool Equals(PowTarget? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as PowTarget);

    public override int GetHashCode() => BitConverter.ToInt32(_bytes, Length - 4);
}
