using GigGossip.Cli.Config;
using GigGossip.Protocol.Frames;

namespace GigGossip.Cli.Tests;

/// <summary>
/// Money rule "certificates carry weight" in the settler's config file: <c>settler.policy.requiredProperties</c> names,
/// per job kind, the properties a replier's certificate must carry before the settler issues a reply hash or a
/// promise; anything unusable is refused in one line naming the field.
/// </summary>
public sealed class SettlerRequiredPropertiesConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-settler-required-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string? requiredProperties)
    {
        var path = Path.Combine(_dir, "config.json");
        var policy = requiredProperties is null ? "" : ",\"policy\":{\"requiredProperties\":" + requiredProperties + "}";
        File.WriteAllText(path, "{\"settler\":{\"database\":\"s.db\",\"adminTokenFile\":\"t\",\"walletUri\":\"http://127.0.0.1:9\"" + policy + "}}");
        return path;
    }

    private static readonly Topic Taxi = new() { Taxi = new TaxiTopic() };
    private static readonly Topic Delivery = new() { Delivery = new DeliveryTopic() };

    [Fact]
    public void Without_the_field_a_taxi_needs_a_driving_licence()
    {
        var required = SettlerConfig.Load(Config(null)).Policy.RequiredProperties;
        Assert.Equal(["driving_licence"], required.For(Taxi));
        Assert.Empty(required.For(Delivery));
    }

    [Fact]
    public void Required_properties_per_job_kind_replace_the_default()
    {
        var required = SettlerConfig.Load(Config("{\"Taxi\":[\"driving_licence\",\"taxi_permit\"],\"delivery\":[\"cargo_bike\"]}")).Policy.RequiredProperties;
        Assert.Equal(["driving_licence", "taxi_permit"], required.For(Taxi));
        Assert.Equal(["cargo_bike"], required.For(Delivery));

        var none = SettlerConfig.Load(Config("{}")).Policy.RequiredProperties;
        Assert.Empty(none.For(Taxi));
    }

    [Theory]
    [InlineData("{\"rickshaw\":[\"x\"]}", "settler.policy.requiredProperties: unknown job kind \"rickshaw\" (known: delivery, taxi)")]
    [InlineData("{\"taxi\":null}", "settler.policy.requiredProperties: \"taxi\" needs a list of property names (an empty list for none)")]
    [InlineData("{\"taxi\":[\"\"]}", "settler.policy.requiredProperties: \"taxi\" has a property name that is empty or has spaces: \"\"")]
    [InlineData("{\"taxi\":[\"driving licence\"]}", "settler.policy.requiredProperties: \"taxi\" has a property name that is empty or has spaces")]
    [InlineData("{\"taxi\":[\"a\",\"a\"]}", "settler.policy.requiredProperties: \"taxi\" names \"a\" twice")]
    [InlineData("{\"taxi\":[],\"TAXI\":[]}", "settler.policy.requiredProperties: job kind \"TAXI\" is named twice")]
    public void Unusable_required_properties_are_one_line_saying_why(string requiredProperties, string expected)
    {
        var refused = Assert.Throws<ServiceConfigException>(() => SettlerConfig.Load(Config(requiredProperties)));
        Assert.StartsWith(expected, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
