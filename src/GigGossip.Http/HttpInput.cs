using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Http;

/// <summary>Reads request bodies and fields, turning anything malformed into an <see cref="HttpInputException"/> that names the field.</summary>
public static class HttpInput
{
    /// <summary>Requests larger than this are refused before they are read.</summary>
    public const long MaxBodyBytes = 1 << 20;

    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new HttpInputException("the request body must be JSON (Content-Type: application/json)");
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, ServiceJson.Options, cancellationToken)
                ?? throw new HttpInputException("the request body is JSON null, not an object");
        }
        catch (JsonException e)
        {
            throw new HttpInputException($"the request body is not the expected JSON: {OneLine(Protocol.JsonErrors.Describe(e))}");
        }
    }

    public static T Required<T>(T? value, string field) where T : class =>
        value ?? throw new HttpInputException($"field '{field}' is missing");

    public static long Required(long? value, string field) =>
        value ?? throw new HttpInputException($"field '{field}' is missing");

    /// <summary>Hex of exactly <paramref name="length"/> bytes.</summary>
    public static byte[] Hex(string? text, int length, string field)
    {
        var bytes = Hex(text, field);
        if (bytes.Length != length) throw new HttpInputException($"field '{field}' must be {length} bytes of hex, got {bytes.Length}");
        return bytes;
    }

    public static byte[] Hex(string? text, string field)
    {
        try
        {
            return Convert.FromHexString(Required(text, field));
        }
        catch (FormatException)
        {
            throw new HttpInputException($"field '{field}' is not hex");
        }
    }

    public static byte[] Base64(string? text, string field)
    {
        try
        {
            return Convert.FromBase64String(Required(text, field));
        }
        catch (FormatException)
        {
            throw new HttpInputException($"field '{field}' is not base64");
        }
    }

    /// <summary>An instant in unix milliseconds, refused when DateTimeOffset cannot hold it (years 1 to 9999).</summary>
    public static DateTimeOffset UnixMilliseconds(long milliseconds, string field) =>
        milliseconds is >= -62_135_596_800_000 and <= 253_402_300_799_999
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : throw new HttpInputException($"{field}: {milliseconds} is not a unix time in milliseconds between year 1 and 9999");

    public static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
