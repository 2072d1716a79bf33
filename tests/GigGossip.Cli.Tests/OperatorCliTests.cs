using GigGossip.Hosting;
using System.CommandLine;
using GigGossip.Cli.Commands;
using GigGossip.Cli.Load;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Cli.Tests;

/// <summary>Issue 13 on the command line: units, durations, keys in both forms, one-line errors, certificate requests.</summary>
public sealed class OperatorCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-operator-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await GigGossipCommand.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData(new[] { "simulate", "--nodes", "x" }, "error: --nodes: 'x' is not a whole number (see --help)")]
    [InlineData(new[] { "events", "--after", "abc", "--node", "http://127.0.0.1:1/", "--token", "t" }, "error: --after: 'abc' is not a whole number (see --help)")]
    [InlineData(new[] { "bench", "pow", "--seconds", "1.5.2" }, "error: --seconds: '1.5.2' is not a number (see --help)")]
    [InlineData(new[] { "accept" }, "error: Required argument 'OFFER' missing for command: 'accept'. (see --help)")]
    public async Task Parse_errors_are_one_plain_line_with_exit_2_and_no_type_names(string[] args, string expected)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal(expected, error.Trim());
        Assert.Empty(output);
        Assert.DoesNotContain("System.", error);
    }

    [Theory]
    [InlineData("25000sat", 25_000_000)]
    [InlineData("1500msat", 1_500)]
    [InlineData("1SAT", 1_000)]
    public void Amounts_carry_their_unit(string text, long msat) => Assert.Equal(msat, Amounts.ParseMsat(text, "--amount"));

    [Theory]
    [InlineData("100000", "--amount: '100000' has no unit; write 100000sat or 100000msat")]
    [InlineData("1.5sat", "is not an amount like 25000sat or 1500msat")]
    [InlineData("0sat", "is not between 1msat and 21 million bitcoin")]
    [InlineData("99999999999999999sat", "is not between 1msat and 21 million bitcoin")]
    public void Amounts_without_a_unit_or_out_of_range_are_refused(string text, string says) =>
        Assert.Contains(says, Assert.Throws<UsageException>(() => Amounts.ParseMsat(text, "--amount")).Message);

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    [InlineData("1h30m", 5400)]
    [InlineData("1h30m15s", 5415)]
    public void Durations_like_people_type_them(string text, int seconds) => Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(text, "--pickup-in"));

    [Theory]
    [InlineData("10", "--pickup-in: '10' has no unit; write 10s, 10m or 10h")]
    [InlineData("soon", "--pickup-in: 'soon' is not a duration like 90s, 10m, 2h or 1h30m")]
    [InlineData("", "is not a duration")]
    [InlineData("m", "is not a duration")]
    public void Durations_without_a_unit_are_refused_with_a_hint(string text, string says) =>
        Assert.Contains(says, Assert.Throws<UsageException>(() => Durations.Parse(text, "--pickup-in")).Message);

    [Fact]
    public void Keys_are_accepted_x_only_and_compressed_and_mean_the_same_key()
    {
        var key = SecretKey.Generate().PublicKey;

        Assert.Equal(key, PeerKeys.Parse(key.ToHex(), "--account"));
        Assert.Equal(key, PeerKeys.Parse("02" + key.ToHex(), "--account"));
        Assert.Equal(key, PeerKeys.Parse("03" + key.ToHex(), "--account"));
        Assert.Contains("not a public key", Assert.Throws<UsageException>(() => PeerKeys.Parse("04" + key.ToHex(), "--account")).Message);
    }

    [Fact]
    public async Task Fund_takes_an_amount_with_its_unit_and_a_key_in_either_form()
    {
        await using var services = await LoadServices.StartAsync(_dir, TestContext.Current.CancellationToken);
        var key = SecretKey.Generate().PublicKey;
        string[] at = ["--url", services.Wallet.BaseUri.ToString(), "--admin-token", Path.Combine(_dir, "wallet.token")];

        var bare = await RunAsync(["wallet", "fund", .. at, "--account", key.ToHex(), "--amount", "100000"]);
        var funded = await RunAsync(["wallet", "fund", .. at, "--account", "02" + key.ToHex(), "--amount", "100sat"]);

        Assert.Equal(2, bare.Exit);
        Assert.Equal("error: --amount: '100000' has no unit; write 100000sat or 100000msat", bare.Error.Trim());
        Assert.Equal(0, funded.Exit);
        Assert.Equal($"account {key.ToHex()} balance: 100000 msat", funded.Output.Trim());
    }

    [Fact]
    public async Task Certificate_request_gets_a_certificate_by_proof_of_key_and_names_the_grant_a_driver_needs()
    {
        await using var services = await LoadServices.StartAsync(_dir, TestContext.Current.CancellationToken);
        var settler = services.Settler.BaseUri.ToString();
        var keyFile = Path.Combine(_dir, "node.key");
        KeyFile.Write(keyFile, SecretKey.Generate());
        var key = KeyFile.Read(keyFile).PublicKey;
        var certFile = Path.Combine(_dir, "node.cert");

        var info = await RunAsync("settler", "info", "--settler", settler);
        var plain = await RunAsync("certificate", "request", "--settler", settler, "--key", keyFile, "--out", certFile);
        var driver = await RunAsync("certificate", "request", "--settler", settler, "--key", keyFile, "--out", certFile, "--property", "driving_licence");
        var granted = await RunAsync("settler", "grant", "--url", settler, "--admin-token", Path.Combine(_dir, "settler.token"), "--subject", key.ToHex(), "--property", "driving_licence");
        var licensed = await RunAsync("certificate", "request", "--settler", settler, "--key", keyFile, "--out", certFile, "--property", "driving_licence");

        Assert.Equal((0, services.Settler.Host.PublicKey.ToHex()), (info.Exit, info.Output.Trim()));
        Assert.Equal(0, plain.Exit);
        Assert.Contains("properties: none", plain.Output);
        Assert.Contains($"giggossip settler grant --url {services.Settler.Host.Uri} --admin-token SETTLER_ADMIN_TOKEN_FILE --subject {key} --property driving_licence", plain.Output);
        Assert.Equal(1, driver.Exit);
        Assert.StartsWith("error: the certificate does not carry driving_licence", driver.Error.Trim());
        Assert.Single(driver.Error.Trim().Split('\n'));
        Assert.Equal(0, granted.Exit);
        Assert.Equal(0, licensed.Exit);
        Assert.Contains("properties: driving_licence", licensed.Output);
        var certificate = Protocol.Frames.SignedCertificate.Parser.ParseFrom(Convert.FromBase64String(File.ReadAllText(certFile).Trim()));
        var read = Protocol.Frames.FrameReader.ReadCertificate(certificate);
        Assert.Equal(key.ToHex(), Convert.ToHexStringLower(read.SubjectPublicKey.Span));
        Assert.Equal(services.Settler.Host.PublicKey.ToHex(), Convert.ToHexStringLower(read.IssuerPublicKey.Span));
        Assert.True(read.Properties.ContainsKey("driving_licence"));
    }

    [Fact]
    public async Task Settler_grant_to_a_key_that_has_not_registered_says_how_it_registers()
    {
        await using var services = await LoadServices.StartAsync(_dir, TestContext.Current.CancellationToken);
        var subject = SecretKey.Generate().PublicKey.ToHex();

        var grant = await RunAsync("settler", "grant", "--url", services.Settler.BaseUri.ToString(), "--admin-token", Path.Combine(_dir, "settler.token"),
            "--subject", subject, "--property", "driving_licence");

        Assert.Equal(2, grant.Exit);
        Assert.Single(grant.Error.Trim().Split('\n'));
        Assert.Contains($"subject {subject} is not registered", grant.Error);
        Assert.Contains("giggossip certificate request", grant.Error);
        Assert.Empty(grant.Output);
    }

    [Fact]
    public async Task Service_commands_exit_1_when_the_service_cannot_be_reached_or_refuses_the_admin_token()
    {
        await using var services = await LoadServices.StartAsync(_dir, TestContext.Current.CancellationToken);
        var wrongToken = Path.Combine(_dir, "wrong.token");
        File.WriteAllText(wrongToken, new string('0', 64));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrongToken, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var subject = SecretKey.Generate().PublicKey.ToHex();
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var nobody = $"http://127.0.0.1:{((System.Net.IPEndPoint)closed.LocalEndpoint).Port}/";
        closed.Stop();

        var refused = await RunAsync("settler", "grant", "--url", services.Settler.BaseUri.ToString(), "--admin-token", wrongToken, "--subject", subject, "--property", "driving_licence");
        var unreachable = await RunAsync("settler", "info", "--settler", nobody);
        var unfunded = await RunAsync("wallet", "fund", "--url", services.Wallet.BaseUri.ToString(), "--admin-token", wrongToken, "--account", subject, "--amount", "1000sat");

        foreach (var (exit, output, error) in new[] { refused, unreachable, unfunded })
        {
            Assert.True(exit == 1, error);
            Assert.Empty(output);
            Assert.Single(error.Trim().Split('\n'));
            Assert.StartsWith("error: ", error);
        }
    }
}
