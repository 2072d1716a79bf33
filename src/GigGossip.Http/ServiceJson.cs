using System.Text.Json;
using System.Text.Json.Serialization;

namespace GigGossip.Http;

/// <summary>The JSON both services and their clients speak: camelCase names, enums as names, nulls left out.</summary>
public static class ServiceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Set here, so Results.Json never sets it on first use (a race: two first requests at once, the second finds the options read-only).
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };
}
