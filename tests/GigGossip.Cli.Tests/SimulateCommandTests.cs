using System.Text.Json;

namespace GigGossip.Cli.Tests;

public class SimulateCommandTests
{
    private static readonly string[] Small = ["simulate", "--nodes", "120", "--requests", "2", "--workers", "6", "--pow-bits", "6"];

    [Fact]
    public void Simulate_json_is_one_object_and_the_same_for_the_same_seed()
    {
        var first = Cli.Run([.. Small, "--attack", "sybil", "--fraction", "0.2", "--json"]);
        var again = Cli.Run([.. Small, "--attack", "sybil", "--fraction", "0.2", "--json"]);

        Assert.Equal(0, first.ExitCode);
        using var json = JsonDocument.Parse(first.Output);
        var root = json.RootElement;
        Assert.Equal(120, root.GetProperty("nodes").GetInt32());
        Assert.Equal(24, root.GetProperty("attackers").GetInt32());
        Assert.InRange(root.GetProperty("delivery").GetDouble(), 0, 1);
        Assert.True(root.GetProperty("moneyConserved").GetBoolean());
        Assert.Equal(WithoutWallTime(first.Output), WithoutWallTime(again.Output));
    }

    [Fact]
    public void Simulate_writes_the_report_plots_and_csv_to_the_out_folder()
    {
        var dir = Directory.CreateTempSubdirectory("gg-sim-").FullName;
        try
        {
            var result = Cli.Run([.. Small, "--out", dir]);

            Assert.Equal(0, result.ExitCode);
            var report = File.ReadAllText(Path.Combine(dir, "report.md"));
            Assert.Contains("| delivery |", report, StringComparison.Ordinal);
            Assert.Contains("![delivery per request](delivery.png)", report, StringComparison.Ordinal);
            Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "requests.csv")).Length);
            Assert.StartsWith("nodes,topology,attack", File.ReadAllText(Path.Combine(dir, "summary.csv")), StringComparison.Ordinal);
            foreach (var png in new[] { "delivery.png", "offers.png" })
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(dir, png))[..4]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Simulate_sweep_plots_delivery_against_the_swept_share()
    {
        var dir = Directory.CreateTempSubdirectory("gg-sweep-").FullName;
        try
        {
            var result = Cli.Run([.. Small, "--json", "--out", dir, "--sweep", "attack=sybil", "fraction=0,0.4"]);

            Assert.Equal(0, result.ExitCode);
            using var json = JsonDocument.Parse(result.Output);
            Assert.Equal("fraction", json.RootElement.GetProperty("sweep").GetString());
            var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(2, runs.Count);
            Assert.True(runs[0].GetProperty("delivery").GetDouble() > runs[1].GetProperty("delivery").GetDouble());
            Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "summary.csv")).Length);
            Assert.True(new FileInfo(Path.Combine(dir, "delivery.png")).Length > 1_000);
            Assert.Contains("sweep over fraction", File.ReadAllText(Path.Combine(dir, "report.md")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--nodes", "5", "--nodes must be between 10")]
    [InlineData("--attack", "meteor", "attack 'meteor' is not one of")]
    [InlineData("--topology", "ring", "topology 'ring' is not one of")]
    [InlineData("--fraction", "0.99", "--fraction must be between 0 and 0.95")]
    [InlineData("--fraction", "0.3", "--fraction needs an --attack")]
    [InlineData("--churn", "2", "--churn must be between 0 and 1")]
    [InlineData("--sweep", "fraction=0,x", "sweep fraction value 'x' is not a number")]
    [InlineData("--sweep", "colour=red,blue", "sweep key 'colour' is not one of")]
    [InlineData("--sweep", "fraction=0.1", "--sweep needs one key with several values")]
    [InlineData("--stamp-bits", "41", "--stamp-bits must be between 0 and 40, got 41")]
    [InlineData("--sweep", "stamp-bits=0,x", "sweep stamp-bits value 'x'")]
    public void Simulate_refuses_bad_arguments_with_one_line(string option, string value, string expected)
    {
        var result = Cli.Run("simulate", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    private static string WithoutWallTime(string json) => System.Text.RegularExpressions.Regex.Replace(json, "\"wallSeconds\":[0-9.eE+-]+", "");
}
