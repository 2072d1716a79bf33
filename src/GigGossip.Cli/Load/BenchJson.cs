using System.Text.Json;

namespace GigGossip.Cli.Load;

internal static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
