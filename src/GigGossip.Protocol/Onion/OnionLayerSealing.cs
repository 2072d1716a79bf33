using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Onion;

/// <summary>
/// Which <see cref="IOnionLayerSealer"/> <see cref="BackwardOnion"/> uses on this thread: <see cref="SealedBox"/>, unless a
/// caller put a model in place for the span of a scope (the simulator does so around each engine call it makes).
/// </summary>
public static class OnionLayerSealing
{
    [ThreadStatic]
    private static IOnionLayerSealer? _current;

    public static IOnionLayerSealer Current => _current ?? Real.Instance;

    /// <summary>Uses <paramref name="sealer"/> on this thread until the scope is disposed (null: no change).</summary>
    public static Scope Use(IOnionLayerSealer? sealer)
    {
        var previous = _current;
        if (sealer is not null) _current = sealer;
        return new Scope(previous);
    }

    public readonly struct Scope(IOnionLayerSealer? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }

    private sealed class Real : IOnionLayerSealer
    {
        public static Real Instance { get; } = new();

        public byte[] Seal(PublicKey recipient, ReadOnlySpan<byte> plaintext) => SealedBox.Seal(recipient, plaintext);

        public byte[] Open(SecretKey recipient, ReadOnlySpan<byte> box) => SealedBox.Open(recipient, box);
    }
}
