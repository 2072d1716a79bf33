using System.CommandLine;
using System.Text.Json.Nodes;
using GigGossip.Cli.Commands;
using GigGossip.Node.Config;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Settlement;
using Google.Protobuf;

namespace GigGossip.Node.Tests;

public sealed class NodeCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("dataDir", null, "config field 'dataDir': is required")]
    [InlineData("certificateFile", null, "config field 'certificateFile': is required")]
    [InlineData("wallet", null, "config field 'wallet': is required")]
    [InlineData("wallet", """{"url":"ftp://wallet.test/"}""", "config field 'wallet.url': 'ftp://wallet.test/' is not an absolute http(s) URL")]
    [InlineData("wallet", """{"accountKeyFile":"wallet.key"}""", "config field 'wallet.url': is required")]
    [InlineData("trustedSettlers", "[]", "config field 'trustedSettlers': at least one settler is required")]
    [InlineData("trustedSettlers", """[{"uri":"http://settler.test/","publicKey":"zz"}]""", "config field 'trustedSettlers[0].publicKey'")]
    [InlineData("peers", """["nonsense"]""", "config field 'peers[0]'")]
    [InlineData("listenPort", "70000", "config field 'listenPort': 70000 is not between 0 and 65535")]
    [InlineData("listenAddress", "\"localhost\"", "config field 'listenAddress': 'localhost' is not an IP address")]
    [InlineData("policy", """{"fanout":0}""", "config field 'policy.fanout': 0 is not between 1 and 64")]
    [InlineData("policy", """{"fanout":"two"}""", "config field 'policy.fanout'")]
    [InlineData("policy", """{"fanuot":2}""", "config field 'policy.fanuot'")]
    [InlineData("work", """{"area":"r3gx","priceSats":25000,"contact":"me"}""", "config field 'workSettler': is required when work is set")]
    [InlineData("workSettler", "\"http://other.test/\"", "config field 'workSettler': 'http://other.test/' is not one of trustedSettlers")]
    [InlineData("maxBadFrames", "0", "config field 'maxBadFrames': 0 is not between 1 and 10000")]
    [InlineData("maxRejectedFrames", "0", "config field 'maxRejectedFrames': 0 is not between 1 and 100000")]
    [InlineData("handshakeTimeoutSeconds", "0", "config field 'handshakeTimeoutSeconds': 0 is not between 1 and 600")]
    [InlineData("maxPendingHandshakesPerAddress", "65", "config field 'maxPendingHandshakesPerAddress': 65 is not between 1 and 64")]
    [InlineData("droppedPeerCooloffSeconds", "-1", "config field 'droppedPeerCooloffSeconds': -1 is not between 0 and 86400")]
    public async Task Broken_config_is_one_line_naming_the_field_and_exit_2(string field, string? value, string expected)
    {
        await using var net = TestNetwork.Create();
        var config = Config(net, "node", SecretKey.Generate());
        if (value is null) config.Remove(field);
        else config[field] = JsonNode.Parse(value);

        var result = await RunNodeAsync(net, Write(net, config));

        Assert.Equal(NodeCommand.BadConfig, result.Exit);
        Assert.StartsWith($"error: {expected}", result.ErrorLine);
    }

    [Fact]
    public async Task Config_that_is_not_json_or_missing_is_one_line_and_exit_2()
    {
        await using var net = TestNetwork.Create();
        var notJson = Path.Combine(net.Directory, "broken.json");
        File.WriteAllText(notJson, "{ \"dataDir\": ");

        var broken = await RunNodeAsync(net, notJson);
        var missing = await RunNodeAsync(net, Path.Combine(net.Directory, "missing.json"));

        Assert.Equal(NodeCommand.BadConfig, broken.Exit);
        Assert.StartsWith("error: config field", broken.ErrorLine);
        Assert.Equal(NodeCommand.BadConfig, missing.Exit);
        Assert.StartsWith("error: config field '(file)': cannot read", missing.ErrorLine);
    }

    [Fact]
    public async Task Key_or_certificate_file_that_is_not_usable_is_one_line_naming_it()
    {
        await using var net = TestNetwork.Create();
        var key = SecretKey.Generate();
        var config = Config(net, "node", key);
        var path = Write(net, config);
        File.WriteAllText(Path.Combine(net.Directory, "node", "node.cert"), "not base64!");
        var badCertificate = await RunNodeAsync(net, path);
        WriteSecret(Path.Combine(net.Directory, "node", "node.key"), "1234");
        var badKey = await RunNodeAsync(net, path);
        WriteSecret(Path.Combine(net.Directory, "node", "node.key"), Convert.ToHexStringLower(key.Bytes));
        File.WriteAllText(Path.Combine(net.Directory, "node", "node.cert"), Convert.ToBase64String((await net.Settler.CertifyAsync(key.PublicKey)).ToByteArray()));
        WriteSecret(Path.Combine(net.Directory, "wallet.key"), "zz");
        config["wallet"]!["accountKeyFile"] = "wallet.key";
        var badWalletKey = await RunNodeAsync(net, Write(net, config));

        Assert.Equal(NodeCommand.BadConfig, badCertificate.Exit);
        Assert.StartsWith("error: config field 'certificateFile':", badCertificate.ErrorLine);
        Assert.Equal(NodeCommand.BadConfig, badKey.Exit);
        Assert.Contains("config field 'keyFile': node key file", badKey.ErrorLine);
        Assert.Contains("must hold 64 hex digits", badKey.ErrorLine);
        Assert.Equal(NodeCommand.BadConfig, badWalletKey.Exit);
        Assert.StartsWith("error: config field 'wallet.accountKeyFile':", badWalletKey.ErrorLine);
    }

    [Fact]
    public async Task Node_without_wallet_and_settler_clients_refuses_to_start()
    {
        await using var net = TestNetwork.Create(systemClock: true);
        var path = Write(net, await CertifiedConfigAsync(net, "node"));

        var result = await Cli.RunAsync(new RootCommand { NodeCommand.Build(backends: null) }, ["node", "--config", path]);

        Assert.Equal(NodeCommand.CannotStart, result.Exit);
        Assert.Contains("no client for the wallet and settler services", result.ErrorLine);
    }

    [Fact]
    public async Task Node_whose_settler_does_not_answer_at_start_is_one_line_and_exit_1()
    {
        await using var net = TestNetwork.Create(systemClock: true);
        var path = Write(net, await CertifiedConfigAsync(net, "node"));
        await net.Settler.DisposeAsync();

        var result = await RunNodeAsync(net, path);

        Assert.Equal(NodeCommand.CannotStart, result.Exit);
        Assert.StartsWith($"error: trusted settler {TestNetwork.SettlerUri} does not answer", result.ErrorLine);
    }

    [Fact]
    public async Task Node_runs_from_its_config_and_answers_control_commands_given_only_the_config()
    {
        await using var net = TestNetwork.Create(systemClock: true);
        var config = await CertifiedConfigAsync(net, "node");
        config["workSettler"] = TestNetwork.SettlerUri;
        var path = Write(net, config);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var output = new LineWriter();

        var running = Cli.RunAsync(new RootCommand { NodeCommand.Build(Backends(net)) }, ["node", "--config", path], output, stop.Token);
        var started = (await output.Lines.WaitForAsync(l => l.Contains("listening on"))).Single();
        var work = await Cli.RunAsync("work", "--taxi", "--area", "r3gx", "--price", "20000sat", "--config", path);
        var offers = await Cli.RunAsync("offers", "--config", path);
        await stop.CancelAsync();
        var exit = await running.Within();

        Assert.StartsWith("node ", started);
        Assert.Equal(0, work.Exit);
        Assert.Contains("taking taxi rides from r3gx at 20000 sat (contact shown to payers: gig-gossip node ", work.Output);
        Assert.Equal("no offers yet", offers.Output.Trim());
        Assert.Equal(0, exit.Exit);
        Assert.False(File.Exists(Path.Combine(net.Directory, "node", "control.url")));
        var stopped = await Cli.RunAsync("offers", "--config", path);
        Assert.Equal(1, stopped.Exit);
        Assert.Contains("is not running", stopped.ErrorLine);
    }

    [Theory]
    [InlineData("""{"url":"http://operator:hunter2@wallet.test:8081/v1?token=s3cret#x"}""", "service", "http://wallet.test:8081/v1")]
    [InlineData("""{"kind":"lnd","restUrl":"https://127.0.0.1:8080","macaroonFile":"node/admin.macaroon","tlsCertFile":"node/tls.cert"}""", "lnd", "https://127.0.0.1:8080/")]
    public async Task Getinfo_shows_the_wallet_kind_and_url_but_no_secret(string wallet, string kind, string url)
    {
        await using var net = TestNetwork.Create(systemClock: true);
        var config = await CertifiedConfigAsync(net, "node");
        config["wallet"] = JsonNode.Parse(wallet);
        WriteSecret(Path.Combine(net.Directory, "node", "admin.macaroon"), "0201036c6e6402f801");
        File.WriteAllText(Path.Combine(net.Directory, "node", "tls.cert"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        var path = Write(net, config);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var output = new LineWriter();
        var running = Cli.RunAsync(new RootCommand { NodeCommand.Build(Backends(net)) }, ["node", "--config", path], output, stop.Token);
        await output.Lines.WaitForAsync(l => l.Contains("listening on"));

        var json = await Cli.RunAsync("getinfo", "--json", "--config", path);
        var text = await Cli.RunAsync("getinfo", "--config", path);
        await stop.CancelAsync();
        await running.Within();

        Assert.Equal(0, json.Exit);
        var shown = JsonNode.Parse(json.Output)!["wallet"]!;
        Assert.Equal(kind, shown["kind"]!.GetValue<string>());
        Assert.Equal(url, shown["url"]!.GetValue<string>());
        Assert.Equal(JsonNode.Parse(json.Output)!["walletAccount"]!.GetValue<string>(), shown["account"]!.GetValue<string>());
        Assert.Contains($"wallet:    {kind} {url} account ", text.Output);
        var key = File.ReadAllText(Path.Combine(net.Directory, "node", "node.key")).Trim();
        foreach (var secret in new[] { "hunter2", "s3cret", "0201036c6e6402f801", "macaroon", key, File.ReadAllText(NodeConfig.Load(path).TokenFile).Trim() })
        {
            Assert.DoesNotContain(secret, json.Output);
            Assert.DoesNotContain(secret, text.Output);
        }
    }

    private static Task<CliResult> RunNodeAsync(TestNetwork net, string path) =>
        Cli.RunAsync(new RootCommand { NodeCommand.Build(Backends(net)) }, ["node", "--config", path]);

    /// <summary>The test's in-process services: the account key's public key names the node's ledger account.</summary>
    internal static NodeBackends Backends(TestNetwork net) => new(
        wallet => net.Ledger.OpenAccount(wallet.AccountKey.PublicKey.ToHex()),
        uri => uri == net.Settler.Uri ? net.Settler : throw new InvalidOperationException($"no settler {uri} in this test"));

    internal static async Task<JsonObject> CertifiedConfigAsync(TestNetwork net, string name)
    {
        var key = SecretKey.Generate();
        var certificate = await net.Settler.CertifyAsync(key.PublicKey);
        var account = net.Ledger.OpenAccount(key.PublicKey.ToHex());
        net.Ledger.Fund(account.AccountId, 1_000_000);
        var config = Config(net, name, key);
        File.WriteAllText(Path.Combine(net.Directory, name, "node.cert"), Convert.ToBase64String(certificate.ToByteArray()));
        return config;
    }

    /// <summary>A key file as an operator makes it: owner-only (one others can read is refused).</summary>
    private static void WriteSecret(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>A complete config for a node whose files live in <c>name/</c> (relative to the config file).</summary>
    private static JsonObject Config(TestNetwork net, string name, SecretKey key)
    {
        Directory.CreateDirectory(Path.Combine(net.Directory, name));
        WriteSecret(Path.Combine(net.Directory, name, "node.key"), Convert.ToHexStringLower(key.Bytes));
        File.WriteAllText(Path.Combine(net.Directory, name, "node.cert"), "");
        return new JsonObject
        {
            ["dataDir"] = name,
            ["certificateFile"] = $"{name}/node.cert",
            ["listenPort"] = 0,
            ["controlPort"] = 0,
            ["peers"] = new JsonArray(),
            ["wallet"] = new JsonObject { ["url"] = "http://wallet.test/" },
            ["trustedSettlers"] = new JsonArray(new JsonObject { ["uri"] = TestNetwork.SettlerUri, ["publicKey"] = net.Settler.PublicKey.ToHex() }),
            ["policy"] = new JsonObject { ["fanout"] = 2 },
        };
    }

    internal static string Write(TestNetwork net, JsonObject config)
    {
        var path = Path.Combine(net.Directory, "node.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }
}
