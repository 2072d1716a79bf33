using System.CommandLine;
using System.Text.Json;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `--json` on the read and control commands: the control API's own camelCase objects, amounts as msat integers,
/// times as Unix milliseconds, keys as x-only hex; one indented object on standard output.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Option<bool> Option() => new("--json") { Description = "Print one JSON object (camelCase fields, amounts in msat) instead of text" };

    private static readonly JsonSerializerOptions Compact = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync<T>(TextWriter output, T value) => output.WriteLineAsync(JsonSerializer.Serialize(value, Options));

    /// <summary>One object on one line (events: a stream of JSON lines).</summary>
    public static Task WriteLineAsync<T>(TextWriter output, T value) => output.WriteLineAsync(JsonSerializer.Serialize(value, Compact));
}
