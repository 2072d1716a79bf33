using System.Buffers.Binary;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Onion;

namespace GigGossip.Simulation;

/// <summary>
/// Onion layers the simulator models instead of sealing (the largest runs): a box has the real length (so bytes on the
/// wire are the same), holds only a handle, and the plaintext is kept here. It opens for the peer it was sealed to and
/// for no other, and a box with any byte changed does not open, as a real one would not. A layer whose inner onion is
/// itself a modelled box keeps only the inner handle, so memory grows by one small record per layer.
/// </summary>
public sealed partial class ModelledOnionLayers : IOnionLayerSealer, IFixedSizeOnionModel
{
    private const int HandleLength = sizeof(long);
    private const int HeadLength = PublicKey.Length;

    private readonly ChunkedList<Layer> _layers = new();

    /// <summary>Boxes sealed so far.</summary>
    public int Count => _layers.Count;

    public byte[] Seal(PublicKey recipient, ReadOnlySpan<byte> plaintext)
    {
        var handle = _layers.Count + 1L;
        var length = SealedBox.Overhead + plaintext.Length;
        var layer = plaintext.Length >= HeadLength && Find(plaintext[HeadLength..]) is { } inner
            ? new Layer(Key32.From(recipient.Bytes), length, Key32.From(plaintext[..HeadLength]), inner, plaintext.Length - HeadLength, null)
            : new Layer(Key32.From(recipient.Bytes), length, default, 0, 0, plaintext.ToArray());
        _layers.Add(layer);
        return Box(handle, length);
    }

    public byte[] Open(SecretKey recipient, ReadOnlySpan<byte> box)
    {
        if (Find(box) is not { } handle || !_layers[(int)(handle - 1)].Recipient.Equals(Key32.From(recipient.PublicKey.Bytes)))
            throw new DecryptionFailedException("sealed box did not open");
        var layer = _layers[(int)(handle - 1)];
        if (layer.Plaintext is { } plaintext) return (byte[])plaintext.Clone();
        var opened = new byte[HeadLength + layer.InnerLength];
        layer.Head.CopyTo(opened);
        Box(layer.Inner, layer.InnerLength).CopyTo(opened, HeadLength);
        return opened;
    }

    /// <summary>The handle of a box this model sealed, byte for byte, or null.</summary>
    private long? Find(ReadOnlySpan<byte> box)
    {
        if (box.Length < SealedBox.Overhead) return null;
        var handle = BinaryPrimitives.ReadInt64LittleEndian(box);
        if (handle < 1 || handle > _layers.Count || _layers[(int)(handle - 1)].Length != box.Length) return null;
        return box[HandleLength..].ContainsAnyExcept((byte)0) ? null : handle;
    }

    private static byte[] Box(long handle, int length)
    {
        var box = new byte[length];
        BinaryPrimitives.WriteInt64LittleEndian(box, handle);
        return box;
    }

    /// <summary>One sealed layer: to whom, how long its box is, and its plaintext (a head and an inner box's handle, or the bytes).</summary>
    private readonly record struct Layer(Key32 Recipient, int Length, Key32 Head, long Inner, int InnerLength, byte[]? Plaintext);

    private readonly record struct Key32(ulong A, ulong B, ulong C, ulong D)
    {
        public static Key32 From(ReadOnlySpan<byte> bytes) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));

        public void CopyTo(Span<byte> bytes)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, A);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], B);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], C);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], D);
        }
    }
}
