using System.Text.Json.Nodes;
using GigGossip.Node.Config;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Tests.Discovery;

/// <summary><c>bootstrap</c> and <c>discovery</c> in the node config: untrusted input, refused in one line naming the field.</summary>
public sealed class DiscoveryConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-discovery-config-").FullName;
    private static readonly string Key = SecretKey.Generate().PublicKey.ToHex();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(Action<JsonObject> edit)
    {
        var config = new JsonObject
        {
            ["dataDir"] = "data",
            ["certificateFile"] = "node.cert",
            ["peers"] = new JsonArray($"{SecretKey.Generate().PublicKey.ToHex()}@127.0.0.1:9745"),
            ["wallet"] = new JsonObject { ["url"] = "http://127.0.0.1:9/" },
            ["trustedSettlers"] = new JsonArray(new JsonObject { ["uri"] = "http://settler.test/", ["publicKey"] = SecretKey.Generate().PublicKey.ToHex() }),
        };
        edit(config);
        var path = Path.Combine(_dir, "node.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    [Fact]
    public void Without_bootstrap_or_discovery_the_node_keeps_its_static_peers_only()
    {
        var config = NodeConfig.Load(Write(_ => { }));
        Assert.Null(config.Discovery);
        Assert.Null(config.Policy.Scoring);
        Assert.Single(config.Peers);
    }

    [Fact]
    public void Bootstrap_turns_discovery_and_scoring_on_and_the_peers_stay()
    {
        var config = NodeConfig.Load(Write(c =>
        {
            c["bootstrap"] = new JsonArray($"{Key}@10.0.0.1:9735", $"{SecretKey.Generate().PublicKey.ToHex()}@[::1]:9736");
            c["discovery"] = new JsonObject { ["outboundPeers"] = 4, ["maxInbound"] = 10, ["anchors"] = 1, ["tickSeconds"] = 5, ["exchangeSeconds"] = 60, ["advertiseAddress"] = "node.example:9735" };
        }));
        var discovery = Assert.IsType<Peering.PeerDiscoveryOptions>(config.Discovery);
        Assert.Equal(["10.0.0.1:9735", "::1:9736"], discovery.Bootstrap.Select(b => $"{b.Host}:{b.Port}"));
        Assert.Equal(Key, discovery.Bootstrap[0].NodeId.ToHex());
        Assert.Equal((4, 10, 1, 5_000L, 60_000L), (discovery.Manager.OutboundQuota, discovery.Manager.MaxInbound, discovery.Manager.Anchors, discovery.Manager.TickIntervalMs, discovery.Manager.ExchangeIntervalMs));
        Assert.Equal("node.example:9735", discovery.AdvertisedAddress);
        Assert.NotNull(config.Policy.Scoring);
        Assert.Single(config.Peers);
        Assert.Same(discovery, config.ToHostOptions(null!, null!, _ => null, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).Discovery);
    }

    [Fact]
    public void Discovery_can_be_on_without_bootstrap_off_despite_it_and_without_scoring()
    {
        Assert.NotNull(NodeConfig.Load(Write(c => c["discovery"] = new JsonObject { ["enabled"] = true })).Discovery);
        Assert.Null(NodeConfig.Load(Write(c => { c["bootstrap"] = new JsonArray($"{Key}@10.0.0.1:9735"); c["discovery"] = new JsonObject { ["enabled"] = false }; })).Discovery);
        var unscored = NodeConfig.Load(Write(c => c["discovery"] = new JsonObject { ["scoring"] = false }));
        Assert.NotNull(unscored.Discovery);
        Assert.Null(unscored.Policy.Scoring);
    }

    [Theory]
    [InlineData("[\"nokey@127.0.0.1:9735\"]", "config field 'bootstrap[0]': ")]
    [InlineData("[\"KEY@127.0.0.1\"]", "config field 'bootstrap[0]': ")]
    [InlineData("[\"KEY@127.0.0.1:9735\", \"KEY@127.0.0.2:9735\"]", "config field 'bootstrap[1]': lists node")]
    [InlineData("[\"KEY@127.0.0.1:70000\"]", "config field 'bootstrap[0]': ")]
    [InlineData("[null]", "config field 'bootstrap[0]': is required")]
    [InlineData("[\"KEY@[::1:9735\"]", "config field 'bootstrap[0]': ")]
    [InlineData("\"KEY@127.0.0.1:9735\"", "config field 'bootstrap': not valid here")]
    public void Unusable_bootstrap_addresses_are_one_line_naming_the_entry(string bootstrap, string expected)
    {
        var refused = Assert.Throws<ConfigException>(() => NodeConfig.Load(Write(c => c["bootstrap"] = JsonNode.Parse(bootstrap.Replace("KEY", Key)))));
        Assert.StartsWith(expected, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Theory]
    [InlineData("outboundPeers", "0", "config field 'discovery.outboundPeers': 0 is not between 1 and 64")]
    [InlineData("maxInbound", "-1", "config field 'discovery.maxInbound': -1 is not between 0 and 1000")]
    [InlineData("anchors", "9", "config field 'discovery.anchors': 9 is not between 0 and 8")]
    [InlineData("tickSeconds", "0", "config field 'discovery.tickSeconds': 0 is not between 1 and 3600")]
    [InlineData("exchangeSeconds", "999999", "config field 'discovery.exchangeSeconds': 999999 is not between 1 and 86400")]
    [InlineData("advertiseAddress", "\"no port\"", "config field 'discovery.advertiseAddress': 'no port' is not host:port")]
    [InlineData("unknownKey", "1", "config field 'discovery.unknownKey': not valid here")]
    public void Unusable_discovery_settings_are_one_line_naming_the_field(string field, string value, string expected)
    {
        var refused = Assert.Throws<ConfigException>(() => NodeConfig.Load(Write(c => c["discovery"] = new JsonObject { [field] = JsonNode.Parse(value) })));
        Assert.StartsWith(expected, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
