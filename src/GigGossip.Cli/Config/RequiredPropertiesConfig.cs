using System.Text.Json;
using GigGossip.Protocol.Certificates;

namespace GigGossip.Cli.Config;

/// <summary>
/// <c>settler.policy.requiredProperties</c>, read from the config file itself: <c>{"taxi": ["driving_licence"], "delivery": []}</c>.
/// The configuration binder cannot tell an empty list or object from a missing one, and here "nothing required" must
/// differ from "the default" (a taxi needs a driving licence). Not overridable by environment variables.
/// </summary>
internal static class RequiredPropertiesConfig
{
    private const string Field = "settler.policy.requiredProperties";

    public static JobRequirements Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new ServiceConfigException($"config file {path} is not valid JSON: {e.Message.ReplaceLineEndings(" ")}");
        }
        using (document)
        {
            if (Child(document.RootElement, "settler") is not { } settler || Child(settler, "policy") is not { } policy
                || Child(policy, "requiredProperties") is not { } byKind || byKind.ValueKind == JsonValueKind.Null)
                return JobRequirements.Default;
            if (byKind.ValueKind != JsonValueKind.Object)
                throw new ServiceConfigException($"{Field} must be an object of job kind to property names, e.g. {{\"taxi\": [\"driving_licence\"]}}");
            var names = new Dictionary<string, string[]?>(StringComparer.Ordinal);
            foreach (var kind in byKind.EnumerateObject())
            {
                if (names.ContainsKey(kind.Name)) throw new ServiceConfigException($"{Field}: job kind \"{kind.Name}\" is named twice");
                names[kind.Name] = kind.Value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.Array when kind.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) => [.. kind.Value.EnumerateArray().Select(v => v.GetString()!)],
                    _ => throw new ServiceConfigException($"{Field}: \"{kind.Name}\" must be a list of property names, got {kind.Value.ValueKind.ToString().ToLowerInvariant()}"),
                };
            }
            return JobKinds.Requirements(names, out var problem) ?? throw new ServiceConfigException($"{Field}: {problem}");
        }
    }

    /// <summary>A property by name, ignoring case as the configuration binder does.</summary>
    private static JsonElement? Child(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return null;
    }
}
