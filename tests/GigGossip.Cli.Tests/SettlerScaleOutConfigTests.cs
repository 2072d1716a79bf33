using GigGossip.Cli.Config;

namespace GigGossip.Cli.Tests;

/// <summary>
/// The settler section's scale-out fields (docs/operator/settler-scale-out.md): how often each process polls the shared
/// timers, when a settle or cancel not known to have gone through is made again, and the per-client limits; anything
/// unusable is refused in one line naming the field.
/// </summary>
public sealed class SettlerScaleOutConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gg-settler-scaleout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string fields)
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, "{\"settler\":{\"database\":\"postgres://u@127.0.0.1/s\",\"adminTokenFile\":\"t\",\"walletUri\":\"http://127.0.0.1:9\"" + fields + "}}");
        return path;
    }

    [Fact]
    public void Defaults_poll_every_second_and_guard_wallet_calls_for_thirty_seconds()
    {
        var options = SettlerConfig.Load(Config(""));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)), (options.TimerPollInterval, options.WalletCallGuard));
        Assert.Equal((120, 600), (options.ClientLimits.Burst, options.ClientLimits.PerMinute));
    }

    [Fact]
    public void Fields_set_the_poll_the_guard_and_the_client_limits()
    {
        var options = SettlerConfig.Load(Config(",\"timerPollMs\":250,\"walletCallGuardSeconds\":2,\"clientLimits\":{\"burst\":5000,\"perMinute\":90000}"));
        Assert.Equal((TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2)), (options.TimerPollInterval, options.WalletCallGuard));
        Assert.Equal((5000, 90000), (options.ClientLimits.Burst, options.ClientLimits.PerMinute));
    }

    [Theory]
    [InlineData(",\"timerPollMs\":0", "settler.timerPollMs must be positive")]
    [InlineData(",\"walletCallGuardSeconds\":-1", "settler.walletCallGuardSeconds must be positive")]
    [InlineData(",\"clientLimits\":{\"burst\":0}", "settler.clientLimits.burst must be positive")]
    public void Unusable_fields_are_one_line_naming_the_field(string fields, string expected)
    {
        var refused = Assert.Throws<ServiceConfigException>(() => SettlerConfig.Load(Config(fields)));
        Assert.StartsWith(expected, refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
