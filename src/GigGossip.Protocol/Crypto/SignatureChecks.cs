namespace GigGossip.Protocol.Crypto;

/// <summary>
/// Counts, on the calling thread and only while a <see cref="Counting"/> scope is open, how many BIP340 signatures are
/// verified: how a test proves a relay verifies a broadcast's signatures once, not once on the ask and again on the
/// broadcast. Outside a scope it costs one thread-static read per verification.
/// </summary>
public static class SignatureChecks
{
    [ThreadStatic]
    private static Counting? _open;

    /// <summary>Starts counting on this thread; dispose to stop. Scopes do not nest.</summary>
    public static Counting Count() => _open = new Counting();

    internal static void Verified()
    {
        if (_open is { } open) open.Verifications++;
    }

    /// <summary>An open count.</summary>
    public sealed class Counting : IDisposable
    {
        /// <summary>Signatures verified on this thread since the scope opened.</summary>
        public int Verifications { get; internal set; }

        public void Dispose()
        {
            if (ReferenceEquals(_open, this)) _open = null;
        }
    }
}
