using System.Text.Json.Nodes;
using GigGossip.Node.Config;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Tests;

/// <summary>The node config's <c>"wallet": {"kind": "lnd", "restUrl", "macaroonFile", "tlsCertFile"}</c>: read with paths resolved, refused with one line naming the field.</summary>
public sealed class LndWalletConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-lnd-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(JsonObject wallet)
    {
        File.WriteAllText(Path.Combine(_dir, "admin.macaroon"), "\u0002\u0001macaroon bytes");
        File.WriteAllText(Path.Combine(_dir, "tls.cert"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        File.WriteAllText(Path.Combine(_dir, "node.key"), Convert.ToHexStringLower(SecretKey.Generate().Bytes));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(_dir, "node.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = new JsonObject
        {
            ["dataDir"] = "data",
            ["keyFile"] = "node.key",
            ["certificateFile"] = "node.cert",
            ["wallet"] = wallet,
            ["trustedSettlers"] = new JsonArray(new JsonObject { ["uri"] = "http://settler.test/", ["publicKey"] = SecretKey.Generate().PublicKey.ToHex() }),
        };
        var path = Path.Combine(_dir, "node.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static JsonObject Lnd() => new()
    {
        ["kind"] = "lnd",
        ["restUrl"] = "https://127.0.0.1:8080/",
        ["macaroonFile"] = "admin.macaroon",
        ["tlsCertFile"] = "tls.cert",
    };

    [Fact]
    public void Lnd_wallet_is_read_with_its_files_resolved_next_to_the_config()
    {
        var config = NodeConfig.Load(Write(Lnd()));
        Assert.Equal(new LndWalletConfig(new Uri("https://127.0.0.1:8080"), Path.Combine(_dir, "admin.macaroon"), Path.Combine(_dir, "tls.cert")), config.WalletLnd);
        Assert.Equal(config.WalletLnd, config.LoadWallet().Lnd);
        Assert.Equal("https://127.0.0.1:8080/", config.WalletUrl.ToString());
    }

    [Fact]
    public void Wallet_service_stays_the_default()
    {
        var config = NodeConfig.Load(Write(new JsonObject { ["url"] = "http://127.0.0.1:8081" }));
        Assert.Null(config.WalletLnd);
        Assert.Null(config.LoadWallet().Lnd);
        Assert.Equal(new Uri("http://127.0.0.1:8081"), config.LoadWallet().Url);
    }

    [Theory]
    [InlineData("kind", "\"bolt12\"", "config field 'wallet.kind': 'bolt12' is not a wallet kind")]
    [InlineData("restUrl", "\"http://127.0.0.1:8080\"", "config field 'wallet.restUrl': 'http://127.0.0.1:8080' is not LND's REST address as an https URL")]
    [InlineData("restUrl", null, "config field 'wallet.restUrl': is required")]
    [InlineData("macaroonFile", null, "config field 'wallet.macaroonFile': is required")]
    [InlineData("macaroonFile", "\"missing.macaroon\"", "config field 'wallet.macaroonFile': ")]
    [InlineData("tlsCertFile", "\"missing.cert\"", "config field 'wallet.tlsCertFile': ")]
    [InlineData("url", "\"http://127.0.0.1:8081\"", "config field 'wallet.url': is for \"kind\": \"service\"")]
    [InlineData("accountKeyFile", "\"node.key\"", "config field 'wallet.accountKeyFile': is for \"kind\": \"service\"")]
    public void Broken_lnd_wallet_is_one_line_naming_the_field(string field, string? value, string expected)
    {
        var wallet = Lnd();
        if (value is null) wallet.Remove(field);
        else wallet[field] = JsonNode.Parse(value);
        var refused = Assert.Throws<ConfigException>(() => NodeConfig.Load(Write(wallet)));
        Assert.StartsWith(expected, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void Lnd_fields_in_a_service_wallet_are_refused()
    {
        var refused = Assert.Throws<ConfigException>(() => NodeConfig.Load(Write(new JsonObject { ["url"] = "http://127.0.0.1:8081", ["macaroonFile"] = "admin.macaroon" })));
        Assert.StartsWith("config field 'wallet.macaroonFile': is for \"kind\": \"lnd\"", refused.Message);
    }
}
