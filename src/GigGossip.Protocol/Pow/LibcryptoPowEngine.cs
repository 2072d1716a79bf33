using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GigGossip.Protocol.Pow;

/// <summary>
/// Proof-of-work tries on OpenSSL 3's SHA256_Transform (one block into a SHA256_CTX whose first 8 words
/// are the state, in host order), which uses the CPU's SHA extensions where present. The call is short and
/// never blocks or calls back, so it skips the GC transition.
/// </summary>
internal sealed unsafe class LibcryptoPowEngine : PowEngine
{
    private const int ContextLength = 112;
    private static readonly string[] LibraryNames = ["libcrypto.so.3", "libcrypto.3.dylib", "libcrypto-3-x64.dll"];
    private readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, byte*, void> _transform;

    private LibcryptoPowEngine(nint transform) =>
        _transform = (delegate* unmanaged[Cdecl, SuppressGCTransition]<byte*, byte*, void>)transform;

    public override string Name => "libcrypto";

    public static PowEngine? TryLoad()
    {
        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "SHA256_Transform", out var transform))
                return new LibcryptoPowEngine(transform);
        }
        return null;
    }

    [SkipLocalsInit]
    public override void Hash(PowWorkUnit unit, ulong nonce, Span<byte> hash32)
    {
        ManagedPowEngine.RequireHashLength(hash32);
        var context = stackalloc byte[ContextLength];
        var block = stackalloc byte[Sha256Compression.BlockLength];
        unit.WriteFinalBlock(new Span<byte>(block, Sha256Compression.BlockLength), nonce);
        unit.Midstate.CopyTo(new Span<uint>(context, 8));
        _transform(context, block);
        var state = (uint*)context;
        for (var i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32BigEndian(hash32[(4 * i)..], state[i]);
    }

    [SkipLocalsInit]
    public override bool TrySearch(PowWorkUnit unit, PowTarget target, ulong first, int count, out ulong nonce)
    {
        var context = stackalloc byte[ContextLength];
        var block = stackalloc byte[Sha256Compression.BlockLength];
        var blockSpan = new Span<byte>(block, Sha256Compression.BlockLength);
        unit.WriteFinalBlock(blockSpan, first);
        var nonceBytes = blockSpan.Slice(8, 8);
        fixed (uint* midstate = unit.Midstate)
        {
            for (var i = 0; i < count; i++)
            {
                var candidate = first + (ulong)i;
                BinaryPrimitives.WriteUInt64BigEndian(nonceBytes, candidate);
                Unsafe.CopyBlock(context, midstate, 32);
                _transform(context, block);
                if (target.IsMetBy((uint*)context))
                {
                    nonce = candidate;
                    return true;
                }
            }
        }
        nonce = 0;
        return false;
    }
}
