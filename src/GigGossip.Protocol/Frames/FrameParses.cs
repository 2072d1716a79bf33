namespace GigGossip.Protocol.Frames;

/// <summary>
/// Counts, on the calling thread and only while a <see cref="Counting"/> scope is open, how often the codec and the
/// payload readers parse each protobuf message: how a test proves a frame is parsed once between socket and forward.
/// Outside a scope it costs one thread-static read per parse.
/// </summary>
public static class FrameParses
{
    [ThreadStatic]
    private static Dictionary<Type, int>? _counts;

    /// <summary>Starts counting on this thread; dispose to stop. Scopes do not nest.</summary>
    public static Counting Count() => new(_counts = []);

    internal static void Parsed(Type message)
    {
        if (_counts is { } counts) counts[message] = counts.GetValueOrDefault(message) + 1;
    }

    /// <summary>An open count; <see cref="Of{T}"/> reads it.</summary>
    public sealed class Counting(Dictionary<Type, int> counts) : IDisposable
    {
        /// <summary>How often messages of type <typeparamref name="T"/> were parsed since the scope opened.</summary>
        public int Of<T>() => counts.GetValueOrDefault(typeof(T));

        /// <summary>Every message type parsed since the scope opened, with its count.</summary>
        public IReadOnlyDictionary<Type, int> All => counts;

        public void Dispose()
        {
            if (ReferenceEquals(_counts, counts)) _counts = null;
        }
    }
}
