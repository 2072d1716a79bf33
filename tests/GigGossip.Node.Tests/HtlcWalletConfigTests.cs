using System.Text.Json.Nodes;
using GigGossip.Cli.Config;
using ConfigException = GigGossip.Node.Config.ConfigException;
using GigGossip.Htlc.Regtest;
using GigGossip.Node.Config;
using GigGossip.Payments;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Tests;

/// <summary>
/// The node config's <c>"wallet": {"kind": "htlc", ...}</c>: read with paths resolved and the on-chain timing applied to the
/// host, refused with one line naming the field; a bitcoind that refuses the credentials or does not answer is one line too.
/// </summary>
public sealed class HtlcWalletConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-htlc-config-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Write(JsonObject wallet, JsonObject? policy = null)
    {
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
        if (policy is not null) config["policy"] = policy;
        var path = Path.Combine(_dir, "node.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    private static JsonObject Htlc() => new()
    {
        ["kind"] = "htlc",
        ["rpcUrl"] = "http://127.0.0.1:18443/",
        ["rpcUser"] = "rpc",
        ["rpcPassword"] = "pw",
        ["walletFile"] = "wallet-htlc.db",
    };

    [Fact]
    public void Htlc_wallet_is_read_with_its_file_next_to_the_config_and_on_chain_timing_for_the_host()
    {
        var config = NodeConfig.Load(Write(Htlc()));
        Assert.Equal(new HtlcWalletConfig(new Uri("http://127.0.0.1:18443/"), "rpc", "pw", null, Path.Combine(_dir, "wallet-htlc.db"), "regtest",
            HtlcWalletConfig.DefaultConfirmations, TimeSpan.FromMilliseconds(HtlcWalletConfig.DefaultPollMilliseconds)), config.WalletHtlc);
        Assert.Null(config.WalletLnd);
        Assert.Equal(config.WalletHtlc, config.LoadWallet().Htlc);
        using var ledger = new Payments.Ledger.LedgerWallet(Payments.Ledger.HodlLedger.OpenInMemory(DateTimeOffset.UnixEpoch), TimeProvider.System);
        var options = config.ToHostOptions(new Protocol.Engine.NodeIdentity(SecretKey.Generate(), new Protocol.Frames.SignedCertificate()),
            ledger.OpenAccount("a"), _ => null, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        Assert.Equal("htlc", options.WalletKind);
        Assert.Equal(HtlcWalletConfig.InvoiceCltvDelta, options.InvoiceCltvDelta);
        Assert.Equal(HtlcWalletConfig.HoldDeltaMs, options.Policy.HoldDeltaMs);
        Assert.Equal(HtlcWalletConfig.NetworkHoldMs, options.Sender.NetworkHoldMs);
    }

    [Theory]
    [InlineData("rpcUrl", null, "config field 'wallet.rpcUrl': is required")]
    [InlineData("rpcUrl", "\"ftp://127.0.0.1\"", "config field 'wallet.rpcUrl': 'ftp://127.0.0.1' is not Bitcoin Core's JSON-RPC address")]
    [InlineData("rpcUser", null, "config field 'wallet.rpcUser': is required (or rpcCookieFile")]
    [InlineData("rpcPassword", null, "config field 'wallet.rpcPassword': is required with rpcUser")]
    [InlineData("rpcCookieFile", "\".cookie\"", "config field 'wallet.rpcCookieFile': give rpcCookieFile or rpcUser and rpcPassword, not both")]
    [InlineData("walletFile", null, "config field 'wallet.walletFile': is required")]
    [InlineData("network", "\"liquid\"", "config field 'wallet.network': 'liquid' is not a network")]
    [InlineData("confirmations", "0", "config field 'wallet.confirmations': must be 1-100, got 0")]
    [InlineData("pollMilliseconds", "10", "config field 'wallet.pollMilliseconds': must be 50-600000, got 10")]
    [InlineData("restUrl", "\"https://127.0.0.1:8080\"", "config field 'wallet.restUrl': is not for \"kind\": \"htlc\"")]
    [InlineData("accountKeyFile", "\"node.key\"", "config field 'wallet.accountKeyFile': is not for \"kind\": \"htlc\"")]
    public void Broken_htlc_wallet_is_one_line_naming_the_field(string field, string? value, string expected)
    {
        var wallet = Htlc();
        if (value is null) wallet.Remove(field);
        else wallet[field] = JsonNode.Parse(value);
        var refused = Assert.Throws<ConfigException>(() => NodeConfig.Load(Write(wallet)));
        Assert.StartsWith(expected, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void Htlc_fields_in_another_kind_of_wallet_are_refused()
    {
        var refused = Assert.Throws<ConfigException>(() => NodeConfig.Load(Write(new JsonObject { ["url"] = "http://127.0.0.1:8081", ["rpcUrl"] = "http://127.0.0.1:18443" })));
        Assert.StartsWith("config field 'wallet': rpcUrl, rpcUser", refused.Message);
    }

    [Fact]
    public void A_routing_fee_in_fractions_of_a_satoshi_is_refused_on_chain()
    {
        var refused = Assert.Throws<ConfigException>(() => NodeConfig.Load(Write(Htlc(), new JsonObject { ["routingFeeMsat"] = 1_500 })));
        Assert.StartsWith("config field 'policy.routingFeeMsat': must be whole satoshis on an htlc wallet", refused.Message);
    }

    [Fact]
    public async Task Wrong_rpc_password_and_a_silent_bitcoind_are_one_line_each()
    {
        await using var chain = new RegtestBitcoinCore("rpc", "pw", 100);
        var wrong = new HtlcWalletConfig(chain.Endpoint, "rpc", "wrong", null, Path.Combine(_dir, "a.db"), "regtest", 1, TimeSpan.FromSeconds(1));
        var refused = Assert.Throws<WalletException>(() => NodeWallets.OpenHtlc(wrong, "a"));
        Assert.StartsWith($"bitcoind at {chain.Endpoint}: ", refused.Message);
        Assert.Contains("rejected the credentials", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);

        var noCookie = wrong with { RpcUser = null, RpcPassword = null, RpcCookieFile = Path.Combine(_dir, "missing.cookie") };
        var unreadable = Assert.Throws<GigGossip.Cli.Config.ServiceConfigException>(() => NodeWallets.OpenHtlc(noCookie, "a"));
        Assert.StartsWith($"wallet: bitcoind at {chain.Endpoint}: cannot read RPC cookie file", unreadable.Message);
        Assert.DoesNotContain('\n', unreadable.Message);

        var silent = wrong with { RpcUrl = new Uri("http://127.0.0.1:1/"), RpcPassword = "pw" };
        var unreachable = Assert.Throws<WalletException>(() => NodeWallets.OpenHtlc(silent, "a"));
        Assert.Equal(WalletError.Unreachable, unreachable.Error);
        Assert.StartsWith("bitcoind at http://127.0.0.1:1/: ", unreachable.Message);
        Assert.DoesNotContain('\n', unreachable.Message);
    }
}
