using System.Text.Json;
using System.Text.Json.Serialization;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.State;

/// <summary>How the node's saved state is written: camelCase JSON, byte arrays as base64, keys as hex.</summary>
internal static class StateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new PublicKeyConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"null where a {typeof(T).Name} was expected");

    private sealed class PublicKeyConverter : JsonConverter<PublicKey>
    {
        public override PublicKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var hex = reader.GetString() ?? throw new JsonException("a public key is null");
            try
            {
                return PublicKey.FromHex(hex);
            }
            catch (CryptoException e)
            {
                throw new JsonException($"'{hex}' is not a public key: {e.Message}", e);
            }
        }

        public override void Write(Utf8JsonWriter writer, PublicKey value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToHex());
    }
}
