using GigGossip.Cli.Config;

namespace GigGossip.Cli.Tests;

/// <summary>The settler's <c>"wallet": {"kind": "htlc", ...}</c>: an on-chain HTLC wallet on Bitcoin Core; refused with one line naming the field.</summary>
public sealed class SettlerHtlcWalletConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-settler-htlc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string wallet)
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, "{\"settler\":{\"database\":\"s.db\",\"adminTokenFile\":\"t\"," + wallet + "}}");
        return path;
    }

    [Fact]
    public void Htlc_wallet_section_opens_an_on_chain_wallet_and_asks_18_blocks()
    {
        var options = SettlerConfig.Load(Config("\"wallet\":{\"kind\":\"htlc\",\"rpcUrl\":\"http://127.0.0.1:18443\",\"rpcUser\":\"u\",\"rpcPassword\":\"p\",\"walletFile\":\"w.db\"}"));
        Assert.Null(options.WalletUri);
        Assert.NotNull(options.Wallet);
        Assert.Equal(Node.Config.HtlcWalletConfig.InvoiceCltvDelta, options.InvoiceCltvDelta);
    }

    [Theory]
    [InlineData("{\"kind\":\"htlc\",\"rpcUser\":\"u\",\"rpcPassword\":\"p\",\"walletFile\":\"w.db\"}", "settler.wallet.rpcUrl is required")]
    [InlineData("{\"kind\":\"htlc\",\"rpcUrl\":\"http://127.0.0.1:18443\",\"rpcUser\":\"u\",\"rpcPassword\":\"p\"}", "settler.wallet.walletFile is required")]
    [InlineData("{\"kind\":\"htlc\",\"rpcUrl\":\"http://127.0.0.1:18443\",\"rpcUser\":\"u\",\"walletFile\":\"w.db\"}", "settler.wallet.rpcPassword is required with rpcUser")]
    [InlineData("{\"kind\":\"htlc\",\"rpcUrl\":\"http://127.0.0.1:18443\",\"rpcCookieFile\":\"c\",\"rpcUser\":\"u\",\"walletFile\":\"w.db\"}", "settler.wallet.rpcCookieFile give rpcCookieFile or rpcUser")]
    [InlineData("{\"kind\":\"htlc\",\"rpcUrl\":\"http://127.0.0.1:18443\",\"rpcCookieFile\":\"c\",\"walletFile\":\"w.db\",\"network\":\"liquid\"}", "settler.wallet.network 'liquid' is not a network")]
    [InlineData("{\"kind\":\"htlc\",\"rpcUrl\":\"http://127.0.0.1:18443\",\"rpcCookieFile\":\"c\",\"walletFile\":\"w.db\",\"restUrl\":\"https://x\"}", "settler.wallet: url, restUrl, macaroonFile and tlsCertFile are not for \"kind\": \"htlc\"")]
    [InlineData("{\"url\":\"http://127.0.0.1:8081\",\"rpcUrl\":\"http://127.0.0.1:18443\"}", "settler.wallet: rpcUrl, rpcUser, rpcPassword, rpcCookieFile, walletFile, network, confirmations and pollMilliseconds are for \"kind\": \"htlc\", not \"service\"")]
    public void Unusable_htlc_wallet_section_is_one_line_saying_why(string wallet, string expected)
    {
        var refused = Assert.Throws<ServiceConfigException>(() => SettlerConfig.Load(Config("\"wallet\":" + wallet)));
        Assert.StartsWith(expected, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
