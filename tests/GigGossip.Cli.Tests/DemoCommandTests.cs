using System.Text.Json;

namespace GigGossip.Cli.Tests;

public class DemoCommandTests
{
    [Theory]
    [InlineData("--in-memory")]
    [InlineData("--seed")]
    public void Demo_json_reports_a_completed_balanced_ride_and_exits_zero(string mode)
    {
        var result = mode == "--in-memory"
            ? Cli.Run("demo", "--json", "--nodes", "12", "--drivers", "3", "--seed", "5", "--in-memory")
            : Cli.Run("demo", "--json", "--nodes", "12", "--drivers", "3", "--seed", "5");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.True(json.RootElement.GetProperty("completed").GetBoolean());
        Assert.True(json.RootElement.GetProperty("ledgerBalanced").GetBoolean());
        Assert.True(json.RootElement.GetProperty("phases").GetArrayLength() >= 4);
    }

    [Fact]
    public void Demo_refuses_impossible_arguments()
    {
        var result = Cli.Run("demo", "--nodes", "2");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --nodes", result.Error, StringComparison.Ordinal);
    }

    /// <summary>`demo --wallet htlc`: every node and the settler on on-chain HTLC wallets against the regtest-like bitcoind.</summary>
    [Fact]
    public void Demo_on_htlc_wallets_completes_the_ride_with_every_satoshi_on_chain_or_paid_to_miners()
    {
        var result = Cli.Run("demo", "--json", "--nodes", "10", "--drivers", "3", "--seed", "7", "--wallet", "htlc");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.True(json.RootElement.GetProperty("completed").GetBoolean());
        Assert.True(json.RootElement.GetProperty("ledgerBalanced").GetBoolean());
        var balances = json.RootElement.GetProperty("balances").EnumerateArray().ToList();
        var miners = balances.Single(b => b.GetProperty("name").GetString() == "miners").GetProperty("earnedMsat").GetInt64();
        Assert.True(miners > 0);
        Assert.Equal(0, balances.Sum(b => b.GetProperty("earnedMsat").GetInt64()));
    }

    [Theory]
    [InlineData("--wallet", "lnd", "error: --wallet must be \"ledger\" or \"htlc\"")]
    [InlineData("--in-memory", "--wallet", "error: --wallet htlc runs over real TCP and HTTP")]
    public void Demo_refuses_a_wallet_it_cannot_run(string first, string second, string expected)
    {
        var result = second == "--wallet" ? Cli.Run("demo", first, second, "htlc") : Cli.Run("demo", first, second);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.Error, StringComparison.Ordinal);
    }
}

public class DemoOnPostgresTests
{
    [Fact]
    public async Task Demo_ride_completes_with_the_settler_on_postgresql()
    {
        await using var cluster = Settler.Tests.Support.PostgresCluster.TryStart();
        Assert.SkipWhen(cluster is null, Settler.Tests.Support.PostgresCluster.SkipReason ?? "no PostgreSQL");
        var database = await cluster!.CreateDatabaseAsync();

        var result = Cli.Run("demo", "--json", "--nodes", "8", "--drivers", "2", "--seed", "3", "--settler-db", database);

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        Assert.True(json.RootElement.GetProperty("completed").GetBoolean());
        Assert.True(json.RootElement.GetProperty("ledgerBalanced").GetBoolean());
    }

    [Fact]
    public void Demo_refuses_a_settler_database_that_is_not_postgres()
    {
        var result = Cli.Run("demo", "--settler-db", "settler.db");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("postgres://", result.Error, StringComparison.Ordinal);
    }
}
