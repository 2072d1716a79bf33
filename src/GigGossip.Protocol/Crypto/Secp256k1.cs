namespace GigGossip.Protocol.Crypto;

/// <summary>
/// Picks the secp256k1 backend once per process: native libsecp256k1 when it loads, managed otherwise.
/// Hosts log <see cref="Choice"/> once at start.
/// </summary>
public static class Secp256k1
{
    private static readonly Lazy<(ISecp256k1 Backend, string Choice)> Selected = new(Select);

    private static ISecp256k1? _installed;

    public static ISecp256k1 Current => Volatile.Read(ref _installed) ?? Selected.Value.Backend;

    /// <summary>
    /// Puts a decorator in front of the selected backend for the rest of the process (the simulator's
    /// <see cref="VerificationMemo"/>); it must give the same answers as the backend it wraps.
    /// </summary>
    public static void Install(Func<ISecp256k1, ISecp256k1> decorate)
    {
        ArgumentNullException.ThrowIfNull(decorate);
        lock (Selected) Volatile.Write(ref _installed, decorate(Current));
    }

    /// <summary>One line saying which backend runs and why.</summary>
    public static string Choice => Selected.Value.Choice;

    private static (Secp256k1Backend Backend, string Reason) _requested = (Secp256k1Backend.Fastest, "");

    /// <summary>
    /// The host's choice of backend (from its configuration or environment), with the reason to log; call once at
    /// start, before anything signs or verifies. Without it the native backend runs when it loads.
    /// </summary>
    /// <exception cref="InvalidOperationException">a backend already runs and the choice differs.</exception>
    public static void Choose(Secp256k1Backend backend, string reason)
    {
        lock (Selected)
        {
            if (Selected.IsValueCreated && _requested.Backend != backend)
                throw new InvalidOperationException("the secp256k1 backend is chosen once, before first use");
            _requested = (backend, reason);
        }
    }

    private static (ISecp256k1, string) Select()
    {
        var (forced, why) = _requested;
        if (forced is Secp256k1Backend.Managed)
            return (new ManagedSecp256k1(), $"secp256k1 backend: managed (BouncyCastle), {why}");
        var native = NativeSecp256k1.TryLoad(out var reason);
        if (native is not null) return (native, $"secp256k1 backend: native ({LibSecp256k1.Library})");
        if (forced is Secp256k1Backend.Native) throw new CryptoException($"{why} but the native backend is unavailable: {reason}");
        return (new ManagedSecp256k1(), $"secp256k1 backend: managed (BouncyCastle), because {reason}");
    }
}
