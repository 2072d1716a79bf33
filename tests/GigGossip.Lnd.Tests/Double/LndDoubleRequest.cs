using System.Globalization;
using System.Text.Json;

namespace GigGossip.Lnd.Tests.Double;

/// <summary>A request body read as LND's gateway reads it: a field it does not know is refused; int64 as a string or a number; bytes as base64.</summary>
internal sealed class LndDoubleRequest
{
    private readonly Dictionary<string, JsonElement> _fields;

    private LndDoubleRequest(Dictionary<string, JsonElement> fields) => _fields = fields;

    /// <summary>Parses the body against the message's field names; a problem is thrown as the gateway's 400.</summary>
    public static LndDoubleRequest Parse(string body, params string[] known)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
        }
        catch (JsonException e)
        {
            throw new LndDoubleError(400, 3, $"proto: syntax error: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw new LndDoubleError(400, 3, "proto: syntax error: unexpected token");
            var fields = new Dictionary<string, JsonElement>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!known.Contains(property.Name)) throw new LndDoubleError(400, 3, $"proto: (line 1:2): unknown field \"{property.Name}\"");
                fields[property.Name] = property.Value.Clone();
            }
            return new LndDoubleRequest(fields);
        }
    }

    public bool Has(string name) => _fields.TryGetValue(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string Text(string name) => Has(name) && _fields[name].ValueKind == JsonValueKind.String ? _fields[name].GetString()! : "";

    public bool Flag(string name) => Has(name) && _fields[name].ValueKind == JsonValueKind.True;

    public long Int(string name)
    {
        if (!Has(name)) return 0;
        var value = _fields[name];
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)) return n;
        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n)) return n;
        throw new LndDoubleError(400, 3, $"proto: (line 1:2): invalid value for int64 field {name}: {value.GetRawText()}");
    }

    public byte[] Bytes(string name)
    {
        if (!Has(name)) return [];
        return DecodeBytes(Text(name)) ?? throw new LndDoubleError(400, 3, $"proto: (line 1:2): invalid value for bytes field {name}: {_fields[name].GetRawText()}");
    }

    /// <summary>Bytes as the gateway decodes them: standard base64, or padded base64url; unpadded is refused (null).</summary>
    public static byte[]? DecodeBytes(string text)
    {
        if (text.Length % 4 != 0) return null;
        try
        {
            return Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/'));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>An error LND's gateway answers: HTTP status and the gRPC status body.</summary>
internal sealed class LndDoubleError(int httpStatus, int code, string message) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;

    public int Code { get; } = code;
}
