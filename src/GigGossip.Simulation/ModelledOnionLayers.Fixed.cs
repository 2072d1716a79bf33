using System.Buffers.Binary;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Onion;

namespace GigGossip.Simulation;

/// <summary>
/// The fixed-size onion modelled (<see cref="IFixedSizeOnionModel"/>): an onion is <see cref="FixedSizeOnion.Length"/>
/// bytes holding a slot handle and the deepest grow of its route, the rest zero. A slot opens only for the peer it was sealed
/// to, a changed byte does not open, and as in the real onion a route grown more than <see cref="FixedSizeOnion.Slots"/> - 1
/// times has lost its oldest slots: peeling down to one of them fails where the real one would.
/// </summary>
public sealed partial class ModelledOnionLayers
{
    private const int DepthOffset = sizeof(long);
    private const int FixedHeadLength = DepthOffset + sizeof(int);

    private readonly ChunkedList<Slot> _slots = new();

    /// <summary>Every key a slot names, once: a slot holds their numbers (from 1), as a run grows one slot per broadcast sent.</summary>
    private readonly List<Key32> _keys = [];

    private readonly Dictionary<Key32, int> _keyNumbers = [];

    /// <summary>One slot: sealed to whom, naming which peer (0 for the sender's terminal slot), over which slot, at which grow.</summary>
    private readonly record struct Slot(int Recipient, int PeerId, long Inner, int Depth);

    public byte[] Start(PublicKey sender) => FixedBox(AddSlot(new Slot(KeyNumber(sender), 0, 0, 0)), 0);

    public void Grow(ReadOnlySpan<byte> previousOnion, PublicKey myPeerId, PublicKey nextPeerPublicKey, Span<byte> destination)
    {
        var (inner, deepest) = FindFixed(previousOnion) ?? (0, FixedSizeOnion.Slots);
        var depth = inner == 0 ? FixedSizeOnion.Slots : _slots[(int)(inner - 1)].Depth + 1;
        WriteFixedBox(AddSlot(new Slot(KeyNumber(nextPeerPublicKey), KeyNumber(myPeerId), inner, depth)), Math.Max(deepest, depth), destination);
    }

    public OnionPeel Peel(SecretKey mine, ReadOnlySpan<byte> onion)
    {
        if (FindFixed(onion) is not var (handle, deepest) || handle == 0
            || !_keyNumbers.TryGetValue(Key32.From(mine.PublicKey.Bytes), out var me) || _slots[(int)(handle - 1)].Recipient != me)
            throw new OnionException("onion slot did not open: tampered with or not sealed to this peer");
        var slot = _slots[(int)(handle - 1)];
        if (slot.PeerId == 0) return OnionPeel.Sender.Instance;
        var peer = new byte[PublicKey.Length];
        _keys[slot.PeerId - 1].CopyTo(peer);
        // The real onion keeps the newest Slots slots of the deepest grow: an older one was pushed out and is random now.
        var inner = slot.Inner != 0 && deepest - _slots[(int)(slot.Inner - 1)].Depth < FixedSizeOnion.Slots ? slot.Inner : 0;
        return new OnionPeel.Forward(PublicKey.FromBytes(peer), FixedBox(inner, deepest));
    }

    private int KeyNumber(PublicKey key)
    {
        var key32 = Key32.From(key.Bytes);
        if (_keyNumbers.TryGetValue(key32, out var number)) return number;
        _keys.Add(key32);
        return _keyNumbers[key32] = _keys.Count;
    }

    private long AddSlot(Slot slot)
    {
        _slots.Add(slot);
        return _slots.Count;
    }

    private static byte[] FixedBox(long handle, int deepest)
    {
        var box = new byte[FixedSizeOnion.Length];
        WriteFixedBox(handle, deepest, box);
        return box;
    }

    private static void WriteFixedBox(long handle, int deepest, Span<byte> box)
    {
        BinaryPrimitives.WriteInt64LittleEndian(box, handle);
        BinaryPrimitives.WriteInt32LittleEndian(box[DepthOffset..], deepest);
        box[FixedHeadLength..].Clear();
    }

    /// <summary>The slot handle (0: a slot that does not open) and deepest grow of a modelled onion, byte for byte, or null.</summary>
    private (long Handle, int Deepest)? FindFixed(ReadOnlySpan<byte> onion)
    {
        if (onion.Length != FixedSizeOnion.Length || onion[FixedHeadLength..].ContainsAnyExcept((byte)0)) return null;
        var handle = BinaryPrimitives.ReadInt64LittleEndian(onion);
        var deepest = BinaryPrimitives.ReadInt32LittleEndian(onion[DepthOffset..]);
        return handle < 0 || handle > _slots.Count || deepest < 0 ? null : (handle, deepest);
    }
}
