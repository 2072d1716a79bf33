using GigGossip.Cli.Config;

namespace GigGossip.Cli.Tests;

/// <summary>The settler's <c>"wallet"</c> section: the wallet service as before, or the settler's own LND node.</summary>
public sealed class SettlerWalletConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-settler-wallet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string wallet)
    {
        File.WriteAllText(Path.Combine(_dir, "admin.macaroon"), "m");
        File.WriteAllText(Path.Combine(_dir, "tls.cert"), "c");
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, "{\"settler\":{\"database\":\"s.db\",\"adminTokenFile\":\"t\"," + wallet + "}}");
        return path;
    }

    [Fact]
    public void Service_wallet_section_is_the_wallet_uri()
    {
        var options = SettlerConfig.Load(Config("\"wallet\":{\"kind\":\"service\",\"url\":\"http://127.0.0.1:8081\"}"));
        Assert.Equal(new Uri("http://127.0.0.1:8081"), options.WalletUri);
        Assert.Equal(new Uri("http://127.0.0.1:9"), SettlerConfig.Load(Config("\"walletUri\":\"http://127.0.0.1:9\"")).WalletUri);
    }

    [Fact]
    public void Lnd_wallet_section_is_the_settlers_own_lnd_node()
    {
        var options = SettlerConfig.Load(Config("\"wallet\":{\"kind\":\"lnd\",\"restUrl\":\"https://127.0.0.1:8080\",\"macaroonFile\":\"admin.macaroon\",\"tlsCertFile\":\"tls.cert\"}"));
        Assert.Null(options.WalletUri);
        Assert.NotNull(options.Wallet);
    }

    [Theory]
    [InlineData("\"wallet\":{\"kind\":\"lnd\",\"restUrl\":\"https://127.0.0.1:8080\",\"macaroonFile\":\"nope\",\"tlsCertFile\":\"tls.cert\"}", "settler.wallet.macaroonFile ")]
    [InlineData("\"wallet\":{\"kind\":\"lnd\",\"restUrl\":\"http://127.0.0.1:8080\",\"macaroonFile\":\"admin.macaroon\",\"tlsCertFile\":\"tls.cert\"}", "settler.wallet.restUrl 'http://127.0.0.1:8080' is not LND's REST address as an https URL")]
    [InlineData("\"wallet\":{\"kind\":\"ledger\"}", "settler.wallet.kind 'ledger' is not a wallet kind")]
    [InlineData("\"walletUri\":\"http://127.0.0.1:9\",\"wallet\":{\"url\":\"http://127.0.0.1:8081\"}", "settler.walletUri and settler.wallet are both set")]
    [InlineData("\"wallet\":{\"url\":\"http://127.0.0.1:8081\",\"restUrl\":\"https://x\"}", "settler.wallet: restUrl, macaroonFile and tlsCertFile are for \"kind\": \"lnd\"")]
    public void Unusable_wallet_section_is_one_line_saying_why(string wallet, string expected)
    {
        var refused = Assert.Throws<ServiceConfigException>(() => SettlerConfig.Load(Config(wallet)));
        Assert.StartsWith(expected, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
