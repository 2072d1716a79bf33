namespace GigGossip.FuzzHarness;

/// <summary>
/// One decoder of outside input under fuzzing: <see cref="Run"/> feeds it the bytes and swallows only the decoder's own
/// exception, so anything else (another exception, a hang, a crash) is what the fuzzer reports.
/// </summary>
public sealed record FuzzTarget(string Name, string Decoder, Action<byte[]> Run)
{
    public static FuzzTarget Throwing<TAllowed>(string name, string decoder, Action<byte[]> decode) where TAllowed : Exception =>
        new(name, $"{decoder} (may throw {typeof(TAllowed).Name})", bytes =>
        {
            try { decode(bytes); }
            catch (TAllowed) { }
        });

    public static FuzzTarget Throwing<TAllowed, TAlsoAllowed>(string name, string decoder, Action<byte[]> decode)
        where TAllowed : Exception where TAlsoAllowed : Exception =>
        new(name, $"{decoder} (may throw {typeof(TAllowed).Name} or {typeof(TAlsoAllowed).Name})", bytes =>
        {
            try { decode(bytes); }
            catch (TAllowed) { }
            catch (TAlsoAllowed) { }
        });

    /// <summary>A verifier that answers with a verdict and must never throw.</summary>
    public static FuzzTarget NeverThrowing(string name, string decoder, Action<byte[]> decode) => new(name, $"{decoder} (never throws)", decode);
}
