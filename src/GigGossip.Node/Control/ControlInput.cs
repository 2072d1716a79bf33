namespace GigGossip.Node.Control;

/// <summary>Limits on what the control API reads, and how it quotes input back in errors.</summary>
internal static class ControlInput
{
    /// <summary>Request bodies larger than this are refused with 413.</summary>
    public const long MaxBodyBytes = 1 << 20;

    /// <summary>Longest part of a caller's input an error quotes; the rest is counted, not echoed.</summary>
    public const int MaxQuoted = 40;

    /// <summary><paramref name="text"/> in quotes, cut to <see cref="MaxQuoted"/> characters and one line.</summary>
    public static string Quote(string? text)
    {
        if (text is null) return "null";
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= MaxQuoted ? $"'{line}'" : $"'{line[..MaxQuoted]}...' ({text.Length} characters)";
    }

    public static ControlRequestException TooLarge() => new(413, $"the request body is larger than {MaxBodyBytes} bytes");
}
