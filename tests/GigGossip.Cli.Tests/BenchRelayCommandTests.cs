using System.Text.Json;

namespace GigGossip.Cli.Tests;

/// <summary>A tiny `bench relay`: the JSON's shape, every broadcast counted, every measure positive; never a time compared.</summary>
public class BenchRelayCommandTests
{
    [Fact]
    public void Bench_relay_json_relays_every_broadcast_and_reports_positive_rates_ratio_and_latencies()
    {
        var result = Cli.Run("bench", "relay", "--broadcasts", "60", "--window", "8", "--warmup", "10", "--crypto-rounds", "20", "--seconds", "120", "--json");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(60, root.GetProperty("broadcasts").GetInt32());
        Assert.Equal(60, root.GetProperty("received").GetInt32());
        Assert.Equal(0, root.GetProperty("errors").GetInt32());
        foreach (var name in new[] { "broadcastsPerSecond", "cryptoLimitPerSecond", "ratio", "p50Ms", "p99Ms" })
            Assert.True(root.GetProperty(name).GetDouble() > 0, $"{name} is {root.GetProperty(name)}");
        Assert.True(root.GetProperty("p99Ms").GetDouble() >= root.GetProperty("p50Ms").GetDouble());
        var crypto = root.GetProperty("crypto");
        Assert.Equal(20, crypto.GetProperty("rounds").GetInt32());
        foreach (var name in new[] { "requestSignatureUs", "certificateUs", "proofOfWorkUs", "onionLayerUs" })
            Assert.True(crypto.GetProperty(name).GetDouble() > 0, $"{name} is {crypto.GetProperty(name)}");
        var total = crypto.GetProperty("totalUs").GetDouble();
        Assert.Equal(1e6 / total, root.GetProperty("cryptoLimitPerSecond").GetDouble(), 0.1);
        Assert.Equal(root.GetProperty("broadcastsPerSecond").GetDouble() / root.GetProperty("cryptoLimitPerSecond").GetDouble(), root.GetProperty("ratio").GetDouble(), 0.01);
        // The relay ran in a process of its own (kept to one core where the kernel allows), which reported its CPU.
        Assert.True(root.GetProperty("relayOwnCore").GetBoolean());
        var cpuUs = root.GetProperty("relayCpuUsPerBroadcast").GetDouble();
        Assert.True(cpuUs > 0);
        Assert.Equal(total / cpuUs, root.GetProperty("cpuRatio").GetDouble(), 0.01);
        Assert.Equal(10, root.GetProperty("warmup").GetInt32());
    }

    [Fact]
    public void Bench_relay_without_json_prints_a_table()
    {
        var result = Cli.Run("bench", "relay", "--broadcasts", "10", "--window", "4", "--warmup", "5", "--crypto-rounds", "5");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("| broadcasts per second |", result.Output, StringComparison.Ordinal);
        Assert.Contains("| crypto limit per second |", result.Output, StringComparison.Ordinal);
        Assert.Contains("| ratio |", result.Output, StringComparison.Ordinal);
        Assert.Contains("relay: ok", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--broadcasts", "0", "--broadcasts must be between 1")]
    [InlineData("--window", "0", "--window must be between 1")]
    [InlineData("--warmup", "-1", "--warmup must be between 0")]
    [InlineData("--crypto-rounds", "0", "--crypto-rounds must be between 1")]
    [InlineData("--seconds", "0", "--seconds must be more than 0")]
    public void Bench_relay_refuses_bad_arguments(string option, string value, string expected)
    {
        var result = Cli.Run("bench", "relay", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }
}
