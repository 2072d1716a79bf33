using System.Text.Json;

namespace GigGossip.Cli.Tests;

/// <summary>A small `bench load`: every count checked, never a time.</summary>
public class BenchLoadCommandTests
{
    [Fact]
    public void Bench_load_json_reports_every_request_and_relayed_broadcast_with_no_error_and_a_balanced_ledger()
    {
        var result = Cli.Run("bench", "load", "--requests", "40", "--concurrency", "20", "--broadcasts", "150", "--window", "16", "--seconds", "120", "--json");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean());
        var services = root.GetProperty("services");
        Assert.True(services.GetProperty("ledgerBalanced").GetBoolean());
        Assert.Equal(40, services.GetProperty("paymentsStarted").GetInt32());
        Assert.Equal(3 * 40, services.GetProperty("wallet").GetProperty("succeeded").GetInt32());
        Assert.Equal(2 * 40, services.GetProperty("settler").GetProperty("succeeded").GetInt32());
        Assert.Equal(0, services.GetProperty("wallet").GetProperty("errors").GetInt32() + services.GetProperty("settler").GetProperty("errors").GetInt32());
        Assert.True(services.GetProperty("peakWorkingSetBytes").GetInt64() > 0);
        var relay = root.GetProperty("relay");
        Assert.Equal(150, relay.GetProperty("sent").GetInt32());
        Assert.Equal(150, relay.GetProperty("received").GetInt32());
        Assert.Equal(150, relay.GetProperty("latency").GetProperty("succeeded").GetInt32());
        Assert.Equal(0, relay.GetProperty("errors").GetInt32());
        Assert.Equal(150, relay.GetProperty("rememberedPayloads").GetInt32());
        Assert.Equal(0, relay.GetProperty("openAsks").GetInt32());
    }

    [Theory]
    [InlineData("--requests", "0", "--requests must be between 1")]
    [InlineData("--concurrency", "2000", "--concurrency must be between 1 and --requests (1000)")]
    [InlineData("--broadcasts", "-1", "--broadcasts must be between 0")]
    [InlineData("--window", "0", "--window must be between 1")]
    [InlineData("--seconds", "0", "--seconds must be more than 0")]
    public void Bench_load_refuses_bad_arguments(string option, string value, string expected)
    {
        var result = Cli.Run("bench", "load", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }
}
