using System.Text.Json;

namespace GigGossip.Cli.Tests;

public class BenchCommandTests
{
    [Fact]
    public void Bench_pow_json_reports_tries_per_second_and_threads()
    {
        var result = Cli.Run("bench", "pow", "--seconds", "0.2", "--threads", "1", "--json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.True(json.RootElement.GetProperty("triesPerSecond").GetDouble() > 0);
        Assert.Equal(1, json.RootElement.GetProperty("threads").GetInt32());
    }

    [Theory]
    [InlineData("--seconds", "0", "--seconds must be more than 0")]
    [InlineData("--threads", "0", "--threads must be between 1")]
    [InlineData("--threads", "257", "--threads must be between 1")]
    public void Bench_pow_refuses_bad_arguments(string option, string value, string expected)
    {
        var result = Cli.Run("bench", "pow", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }
}
