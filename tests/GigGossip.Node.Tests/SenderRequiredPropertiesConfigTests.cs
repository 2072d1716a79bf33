using System.Text.Json.Nodes;
using GigGossip.Node.Config;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Node.Tests;

/// <summary>
/// Money rule "certificates carry weight" in the node's config file: <c>sender.requiredProperties</c> names, per job
/// kind, the properties a replier's certificate must carry before this node pays it; anything unusable is refused in
/// one line naming the field.
/// </summary>
public sealed class SenderRequiredPropertiesConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-sender-required-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(JsonNode? requiredProperties)
    {
        File.WriteAllText(Path.Combine(_dir, "node.key"), Convert.ToHexStringLower(SecretKey.Generate().Bytes));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(_dir, "node.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = new JsonObject
        {
            ["dataDir"] = "data",
            ["keyFile"] = "node.key",
            ["certificateFile"] = "node.cert",
            ["wallet"] = new JsonObject { ["url"] = "http://127.0.0.1:9/" },
            ["trustedSettlers"] = new JsonArray(new JsonObject { ["uri"] = "http://settler.test/", ["publicKey"] = SecretKey.Generate().PublicKey.ToHex() }),
        };
        if (requiredProperties is not null) config["sender"] = new JsonObject { ["requiredProperties"] = requiredProperties };
        var path = Path.Combine(_dir, "node.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static readonly Topic Taxi = new() { Taxi = new TaxiTopic() };
    private static readonly Topic Delivery = new() { Delivery = new DeliveryTopic() };

    [Fact]
    public void Without_the_field_a_taxi_driver_needs_a_driving_licence()
    {
        var required = NodeConfig.Load(Write(null)).Sender.RequiredProperties;
        Assert.Equal(["driving_licence"], required.For(Taxi));
        Assert.Empty(required.For(Delivery));
    }

    [Fact]
    public void Required_properties_per_job_kind_replace_the_default()
    {
        var required = NodeConfig.Load(Write(JsonNode.Parse("{\"taxi\":[\"driving_licence\",\"taxi_permit\"],\"delivery\":[\"cargo_bike\"]}"))).Sender.RequiredProperties;
        Assert.Equal(["driving_licence", "taxi_permit"], required.For(Taxi));
        Assert.Equal(["cargo_bike"], required.For(Delivery));
        Assert.Empty(NodeConfig.Load(Write(new JsonObject())).Sender.RequiredProperties.For(Taxi));
    }

    [Theory]
    [InlineData("{\"rickshaw\":[\"x\"]}", "config field 'sender.requiredProperties': unknown job kind \"rickshaw\" (known: delivery, taxi)")]
    [InlineData("{\"taxi\":null}", "config field 'sender.requiredProperties': \"taxi\" needs a list of property names")]
    [InlineData("{\"taxi\":[\" \"]}", "config field 'sender.requiredProperties': \"taxi\" has a property name that is empty or has spaces")]
    [InlineData("{\"taxi\":[\"a\",\"a\"]}", "config field 'sender.requiredProperties': \"taxi\" names \"a\" twice")]
    public void Unusable_required_properties_are_one_line_naming_the_field(string requiredProperties, string expected)
    {
        var refused = Assert.Throws<ConfigException>(() => NodeConfig.Load(Write(JsonNode.Parse(requiredProperties))));
        Assert.StartsWith(expected, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
