using System.Text.Json;
using System.Text.RegularExpressions;

namespace GigGossip.Protocol;

/// <summary>
/// A JSON reading error in words for a person: the field and what it should hold ("pickupInSeconds: expected a whole
/// number"), never the runtime's type names (<c>System.Nullable`1[System.Int64]</c>, <c>GigGossip...WorkBody</c>).
/// </summary>
public static partial class JsonErrors
{
    public static string Describe(JsonException error)
    {
        var message = error.Message.ReplaceLineEndings(" ");
        var field = error.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        if (Unmapped().Match(message) is { Success: true } unmapped) return $"'{unmapped.Groups[1].Value}' is not a field here";
        if (Converted().Match(message) is { Success: true } converted) return $"{field ?? "the value"}: expected {Kind(field, converted.Groups[1].Value)}";
        var text = TypeName().Replace(message.Split(" Path:")[0], "a value").Trim();
        return field is null ? text : $"{field}: {text}";
    }

    /// <summary>What the field should hold, from the target type (a record's own type when the field is a constructor parameter).</summary>
    private static string Kind(string? field, string type) => type switch
    {
        _ when field is not null && (field.EndsWith("Msat", StringComparison.Ordinal) || field.EndsWith("Sats", StringComparison.Ordinal)
            || field.EndsWith("Seconds", StringComparison.Ordinal) || field.EndsWith("Ms", StringComparison.Ordinal)) => "a whole number",
        _ when type.Contains("Int64", StringComparison.Ordinal) || type.Contains("Int32", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Decimal", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("String", StringComparison.Ordinal) => "a string",
        _ when type.Contains("List", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) => "a list",
        _ => "a value of another type",
    };

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex("could not be converted to ([^ ]+?)\\.? Path")]
    private static partial Regex Converted();

    [GeneratedRegex("(System|GigGossip|Microsoft)\\.[A-Za-z0-9_`\\[\\]\\.,]+")]
    private static partial Regex TypeName();
}
