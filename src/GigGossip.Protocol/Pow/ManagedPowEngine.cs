using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace GigGossip.Protocol.Pow;

/// <summary>Proof-of-work tries on <see cref="Sha256Compression"/>: one compression per try, no allocation.</summary>
internal sealed class ManagedPowEngine : PowEngine
{
    public override string Name => "managed";

    [SkipLocalsInit]
    public override unsafe void Hash(PowWorkUnit unit, ulong nonce, Span<byte> hash32)
    {
        RequireHashLength(hash32);
        var w = stackalloc uint[64];
        var state = stackalloc uint[8];
        unit.WriteFinalBlock(w, nonce);
        unit.Midstate.CopyTo(new Span<uint>(state, 8));
        Sha256Compression.Compress(state, w);
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32BigEndian(hash32[(4 * i)..], state[i]);
    }

    [SkipLocalsInit]
    public override unsafe bool TrySearch(PowWorkUnit unit, PowTarget target, ulong first, int count, out ulong nonce)
    {
        var w = stackalloc uint[64];
        var state = stackalloc uint[8];
        unit.WriteFinalBlock(w, first);
        fixed (uint* midstate = unit.Midstate)
        {
            for (var i = 0; i < count; i++)
            {
                var candidate = first + (ulong)i;
                w[2] = (uint)(candidate >> 32);
                w[3] = (uint)candidate;
                Unsafe.CopyBlock(state, midstate, 32);
                Sha256Compression.Compress(state, w);
                if (target.IsMetBy(state))
                {
                    nonce = candidate;
                    return true;
                }
            }
        }
        nonce = 0;
        return false;
    }

    internal static void RequireHashLength(Span<byte> hash32)
    {
        if (hash32.Length != 32) throw new ArgumentException($"hash must be 32 bytes, got {hash32.Length}", nameof(hash32));
    }
}
