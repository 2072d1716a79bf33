using System.Diagnostics;
using System.Text.Json;

namespace GigGossip.Cli.Tests;

/// <summary>`giggossip simulate` as its own process: it restarts itself once with the young-generation budget unless the caller set one.</summary>
public class SimulatorProcessTests
{
    private static readonly string[] Small = ["simulate", "--nodes", "60", "--requests", "1", "--workers", "3", "--pow-bits", "4"];

    [Fact]
    public async Task Simulate_runs_with_a_64_MiB_young_generation_without_conserving_memory_and_prints_one_summary()
    {
        var (exitCode, stdout, stderr, report) = await RunSmallAsync(budget: null);

        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(60, json.RootElement.GetProperty("nodes").GetInt32());
        Assert.True(json.RootElement.GetProperty("moneyConserved").GetBoolean());
        Assert.Contains("young generation 64 MiB, conserve memory 0.", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_budget_the_caller_set_is_kept()
    {
        var (exitCode, _, stderr, report) = await RunSmallAsync(budget: "0");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("young generation ", report, StringComparison.Ordinal);
        Assert.DoesNotContain("young generation 64 MiB", report, StringComparison.Ordinal);
        Assert.Contains("conserve memory 0.", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conserve_memory_setting_the_caller_set_reaches_the_restarted_command()
    {
        var (exitCode, _, stderr, report) = await RunSmallAsync(budget: null, conserve: "9");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("young generation 64 MiB, conserve memory 9.", report, StringComparison.Ordinal);
    }

    /// <summary>The small simulation with its report written to a temporary folder: the exit code, output and the report's text.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr, string Report)> RunSmallAsync(string? budget, string? conserve = null)
    {
        var dir = Directory.CreateTempSubdirectory("gg-simproc-").FullName;
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync([.. Small, "--json", "--out", dir], budget, conserve);
            var reportPath = Path.Combine(dir, "report.md");
            var report = File.Exists(reportPath) ? await File.ReadAllTextAsync(reportPath, TestContext.Current.CancellationToken) : "";
            return (exitCode, stdout, stderr, report);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_restarted_command_s_refusal_and_exit_code_reach_the_caller()
    {
        var (exitCode, stdout, stderr) = await RunAsync(["simulate", "--nodes", "60", "--churn", "2"], budget: null);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--churn must be between 0 and 1", stdout + stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args, string? budget, string? conserve = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "giggossip.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("DOTNET_GCgen0size");
        start.Environment.Remove("DOTNET_GCConserveMemory");
        if (budget is not null) start.Environment["DOTNET_GCgen0size"] = budget;
        if (conserve is not null) start.Environment["DOTNET_GCConserveMemory"] = conserve;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var (stdout, stderr) = (process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("giggossip simulate did not end within 120 s");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
