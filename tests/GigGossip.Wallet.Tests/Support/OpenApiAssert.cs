using System.Text.Json;

namespace GigGossip.Wallet.Tests.Support;

/// <summary>Checks on a service's OpenAPI document, shared by the wallet's, the settler's and the node control API's tests.</summary>
internal static class OpenApiAssert
{
    /// <summary>Asserts that every enum anywhere in the document lists strings (null aside), as the services accept them; returns how many enums there are.</summary>
    public static int EnumsAreStrings(JsonElement document)
    {
        var enums = 0;
        foreach (var values in Enums(document))
        {
            enums++;
            Assert.All(values.EnumerateArray().Where(e => e.ValueKind != JsonValueKind.Null), e => Assert.Equal(JsonValueKind.String, e.ValueKind));
        }
        return enums;
    }

    /// <summary>Asserts the document describes <paramref name="method"/> on <paramref name="path"/> (e.g. "post", "/v1/payments"); returns the operation.</summary>
    public static JsonElement Operation(JsonElement document, string method, string path)
    {
        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is not in the document");
        Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} is not in the document");
        return operation;
    }

    private static IEnumerable<JsonElement> Enums(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "enum" && property.Value.ValueKind == JsonValueKind.Array) yield return property.Value;
                foreach (var inner in Enums(property.Value)) yield return inner;
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                foreach (var inner in Enums(item)) yield return inner;
        }
    }
}
