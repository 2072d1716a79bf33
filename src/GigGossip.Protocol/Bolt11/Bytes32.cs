namespace GigGossip.Protocol.Bolt11;

/// <summary>Exactly 32 bytes with value equality; the base of payment hashes, secrets and preimages.</summary>
public abstract class Bytes32 : IEquatable<Bytes32>
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    private protected Bytes32(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Length != Length) throw new ArgumentException($"{what} must be {Length} bytes, got {bytes.Length}");
        _bytes = bytes.ToArray();
    }

    public ReadOnlySpan<byte> Bytes => _bytes;

    public byte[] ToArray() => (byte[])_bytes.Clone();

    public string ToHex() => Convert.ToHexStringLower(_bytes);

    public override string ToString() => ToHex();

    public bool Equals(Bytes32? other) => other is not null && other.GetType() == GetType() && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Bytes32);

    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    public static bool operator ==(Bytes32? left, Bytes32? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Bytes32? left, Bytes32? right) => !(left == right);

    private protected static byte[] ParseHex(string hex, string what)
    {
        try
        {
            return Convert.FromHexString(hex.Trim());
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{what} is not hex");
        }
    }
}
