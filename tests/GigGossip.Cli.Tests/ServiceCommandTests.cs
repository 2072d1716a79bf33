namespace GigGossip.Cli.Tests;

/// <summary>The wallet and settler commands refuse broken configs with one line naming the field.</summary>
public sealed class ServiceCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string json)
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Theory]
    [InlineData("wallet", "{\"wallet\":{\"port\":\"abc\",\"ledger\":\"w.db\",\"adminTokenFile\":\"t\"}}", "wallet:Port")]
    [InlineData("wallet", "{\"wallet\":{\"adminTokenFile\":\"t\"}}", "wallet.ledger is required")]
    [InlineData("wallet", "{\"wallet\":{\"ledger\":\"w.db\",\"adminTokenFile\":\"t\",\"host\":\"nowhere\"}}", "wallet.host 'nowhere' is not an IP address")]
    [InlineData("wallet", "{\"wallet\":{\"ledger\":\"w.db\",\"adminTokenFile\":\"t\",\"port\":70000}}", "wallet.port must be 0-65535")]
    [InlineData("wallet", "{\"wallet\":", "not valid JSON")]
    [InlineData("settler", "{\"settler\":{\"database\":\"s.db\",\"adminTokenFile\":\"t\"}}", "settler.walletUri is required")]
    [InlineData("settler", "{\"settler\":{\"database\":\"s.db\",\"adminTokenFile\":\"t\",\"walletUri\":\"ftp://x\"}}", "settler.walletUri 'ftp://x' is not an http(s) URI")]
    [InlineData("settler", "{\"settler\":{\"database\":\"s.db\",\"adminTokenFile\":\"t\",\"walletUri\":\"http://127.0.0.1:1\",\"policy\":{\"networkFeeMsat\":0}}}", "settler.policy.networkFeeMsat must be positive")]
    [InlineData("settler", "{\"settler\":{\"databse\":\"s.db\"}}", "'databse'")]
    public void Broken_config_is_one_line_naming_the_field_and_exit_2(string service, string json, string says)
    {
        var (exit, _, error) = Cli.Run(service, "serve", "--config", Config(json));

        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
        Assert.Contains(says, error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Missing_config_file_is_named()
    {
        var (exit, _, error) = Cli.Run("settler", "serve", "--config", Path.Combine(_dir, "nope.json"));
        Assert.Equal((2, true), (exit, error.Contains("nope.json does not exist")));
    }

    [Fact]
    public void Wallet_check_audits_a_ledger_file()
    {
        var path = Path.Combine(_dir, "ledger.db");
        using (var ledger = Payments.Ledger.HodlLedger.Open(path, DateTimeOffset.UnixEpoch.AddYears(55)))
        {
            ledger.OpenAccount("alice", DateTimeOffset.UnixEpoch.AddYears(55));
            ledger.Fund("alice", 5_000, DateTimeOffset.UnixEpoch.AddYears(55));
        }

        var (exit, output, _) = Cli.Run("wallet", "check", "--db", path);

        Assert.Equal(0, exit);
        Assert.Contains("minted 5000 msat", output);
        Assert.Contains("balanced", output);
        Assert.Equal(2, Cli.Run("wallet", "check", "--db", Path.Combine(_dir, "missing.db")).ExitCode);
    }

    [Fact]
    public void Operator_command_without_a_readable_token_file_says_so()
    {
        var (exit, _, error) = Cli.Run("settler", "grant", "--url", "http://127.0.0.1:1", "--admin-token", Path.Combine(_dir, "none.token"),
            "--subject", new string('a', 64), "--property", "driving_licence");
        Assert.Equal(2, exit);
        Assert.Contains("none.token", error);
    }

    [Theory]
    [InlineData("zero-byte")]
    [InlineData("damaged")]
    public void Wallet_check_on_a_file_it_cannot_read_exits_2_with_one_line(string damage)
    {
        var path = Path.Combine(_dir, "ledger.db");
        if (damage == "zero-byte")
        {
            using (File.Create(path)) { }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        else
        {
            using (var ledger = Payments.Ledger.HodlLedger.Open(path, DateTimeOffset.UnixEpoch.AddYears(55)))
                for (var i = 0; i < 200; i++) ledger.OpenAccount($"a{i}", DateTimeOffset.UnixEpoch.AddYears(55));
            using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite) { Position = 4096 + 8 };
            file.Write(Enumerable.Repeat((byte)0xA5, 4000).ToArray());
        }

        var (exit, output, error) = Cli.Run("wallet", "check", "--db", path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("error: ", error);
        Assert.DoesNotContain("Exception", error);
    }
}
