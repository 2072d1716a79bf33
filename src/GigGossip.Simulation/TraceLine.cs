using System.Runtime.CompilerServices;
using System.Text;

namespace GigGossip.Simulation;

/// <summary>
/// A trace line that is only formatted while the network traces: the largest runs turn tracing off, and formatting every
/// frame's and event's line anyway (node names, frame kinds) was a tenth of their event loop and much of its garbage.
/// </summary>
[InterpolatedStringHandler]
public ref struct TraceLine
{
    private readonly StringBuilder? _text;

    public TraceLine(int literalLength, int formattedCount, SimulatedNetwork network, out bool shouldAppend)
    {
        shouldAppend = network.Tracing;
        _text = shouldAppend ? new StringBuilder(literalLength + formattedCount * 8) : null;
    }

    public readonly void AppendLiteral(string value) => _text?.Append(value);

    public readonly void AppendFormatted<T>(T value) => _text?.Append(value);

    public readonly void AppendFormatted(ReadOnlySpan<char> value) => _text?.Append(value);

    internal readonly string? Text => _text?.ToString();
}
