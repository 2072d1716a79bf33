using System.Text.Json.Nodes;
using GigGossip.Node.Config;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Tests;

/// <summary><c>"policy": {"stampBits": N}</c> in the node config (issue #17, the sender's stamp): read into the policy, refused in one line naming the field.</summary>
public sealed class StampConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-stamp-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(JsonNode? stampBits)
    {
        var policy = new JsonObject { ["powLeadingZeroBits"] = 8 };
        if (stampBits is not null) policy["stampBits"] = stampBits;
        var config = new JsonObject
        {
            ["dataDir"] = "data",
            ["certificateFile"] = "node.cert",
            ["wallet"] = new JsonObject { ["url"] = "http://127.0.0.1:9/" },
            ["trustedSettlers"] = new JsonArray(new JsonObject { ["uri"] = "http://settler.test/", ["publicKey"] = SecretKey.Generate().PublicKey.ToHex() }),
            ["policy"] = policy,
        };
        var path = Path.Combine(_dir, "node.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    [Fact]
    public void Stamp_bits_are_off_unless_the_policy_sets_them()
    {
        Assert.Equal(0, NodeConfig.Load(Write(null)).Policy.StampBits);
        var config = NodeConfig.Load(Write(JsonValue.Create(17)));
        Assert.Equal(17, config.Policy.StampBits);
        Assert.Equal(8, config.Policy.PowLeadingZeroBits);
    }

    [Theory]
    [InlineData("-1", "config field 'policy.stampBits': -1 is not between 0 and 40")]
    [InlineData("41", "config field 'policy.stampBits': 41 is not between 0 and 40")]
    [InlineData("\"twenty\"", "config field 'policy.stampBits': ")]
    [InlineData("2.5", "config field 'policy.stampBits': ")]
    public void Unusable_stamp_bits_are_one_line_naming_the_field(string value, string expected)
    {
        var refused = Assert.Throws<ConfigException>(() => NodeConfig.Load(Write(JsonNode.Parse(value))));
        Assert.StartsWith(expected, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
