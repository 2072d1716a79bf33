namespace GigGossip.Protocol.Pow;

/// <summary>
/// One way to run proof-of-work tries: the managed SHA-256 compression (<see cref="Managed"/>) or
/// OpenSSL's SHA-256 block function through P/Invoke (<see cref="Libcrypto"/>, SHA-NI where the CPU has it).
/// Both hash the same 80-byte work unit and must agree bit for bit with System.Security.Cryptography.SHA256.
/// </summary>
public abstract class PowEngine
{
    private static readonly Lazy<PowEngine?> LoadedLibcrypto = new(LibcryptoPowEngine.TryLoad);
    private static readonly Lazy<(PowEngine Engine, string Choice)> Selected = new(Select);

    /// <summary>Short name for logs: "managed" or "libcrypto".</summary>
    public abstract string Name { get; }

    public static PowEngine Managed { get; } = new ManagedPowEngine();

    /// <summary>OpenSSL 3's libcrypto when it loads, otherwise null.</summary>
    public static PowEngine? Libcrypto => LoadedLibcrypto.Value;

    /// <summary>
    /// The faster engine available: libcrypto when it loads (measured several times faster than the managed
    /// compression, see bench/), managed otherwise or when the host chose it (<see cref="ChooseManaged"/>).
    /// </summary>
    public static PowEngine Current => Selected.Value.Engine;

    /// <summary>One line saying which engine runs and why.</summary>
    public static string Choice => Selected.Value.Choice;

    /// <summary>The SHA-256 of the work unit with this nonce.</summary>
    public abstract void Hash(PowWorkUnit unit, ulong nonce, Span<byte> hash32);

    /// <summary>
    /// Tries the nonces <paramref name="first"/> .. <paramref name="first"/> + <paramref name="count"/> - 1 in
    /// order and returns true with the first one whose hash meets the target.
    /// </summary>
    public abstract bool TrySearch(PowWorkUnit unit, PowTarget target, ulong first, int count, out ulong nonce);

    private static string? _managedBecause;

    /// <summary>
    /// The host asks for the managed engine (from its configuration or environment), with the reason to log; call
    /// once at start, before the first proof of work.
    /// </summary>
    /// <exception cref="InvalidOperationException">another engine already runs.</exception>
    public static void ChooseManaged(string reason)
    {
        lock (Selected)
        {
            if (Selected.IsValueCreated && Selected.Value.Engine != Managed)
                throw new InvalidOperationException("the proof-of-work engine is chosen once, before first use");
            _managedBecause = reason;
        }
    }

    private static (PowEngine, string) Select()
    {
        if (_managedBecause is { } because)
            return (Managed, $"pow engine: managed SHA-256, {because}");
        return Libcrypto is { } libcrypto
            ? (libcrypto, "pow engine: libcrypto SHA-256 (OpenSSL)")
            : (Managed, "pow engine: managed SHA-256 (libcrypto not found)");
    }
}
