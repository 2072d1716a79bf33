using System.Text.Json;
using GigGossip.Protocol.Settlement;

namespace GigGossip.Settler.Storage;

/// <summary>A job's money terms (holds, dispute, statements, pickup proof, decision) as one JSON text column, so new terms need no new columns.</summary>
internal static class SettlerJobTermsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(SettlerJobTerms terms) => JsonSerializer.Serialize(terms, Options);

    public static SettlerJobTerms Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<SettlerJobTerms>(json, Options) ?? throw new SettlerStoreException("a job's terms are null in the settler database");
        }
        catch (JsonException e)
        {
            throw new SettlerStoreException($"a job's terms in the settler database cannot be read: {e.Message}", e);
        }
    }
}
