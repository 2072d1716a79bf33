using System.Diagnostics;
using GigGossip.Crash.Tests.ScaleOut;
using GigGossip.Payments.Ledger;
using GigGossip.Settler.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GigGossip.Crash.Tests;

/// <summary>
/// Two `giggossip settler serve` processes on one PostgreSQL database, 200 rides at once through a round-robin client,
/// one process killed with SIGKILL half-way: every job is settled or refunded exactly once, as the ledger's own entries
/// show, and no millisatoshi is made or lost (docs/operator/settler-scale-out.md).
/// </summary>
public sealed class SettlerScaleOutSigkillTests(PostgresFixture postgres)
{
    private const int Rides = 200;
    private const int People = 20;

    [Fact]
    public async Task Two_settler_processes_finish_200_concurrent_rides_with_one_killed_midway()
    {
        var database = await postgres.DatabaseAsync();
        var ridesPerSender = Rides / People;
        await using var world = await ScaleOutWorld.StartAsync(database, People, ridesPerSender * (ScaleOutWorld.PriceMsat + ScaleOutWorld.FeeMsat) + 1_000_000);
        var rides = Enumerable.Range(0, Rides).Select(i => new ScaleOutRide(world, world.Senders[i % People], world.Drivers[i % People], settle: i % 2 == 0)).ToList();
        var promised = 0;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var clock = Stopwatch.StartNew();
        var running = rides.Select(r => Task.Run(() => r.RunAsync(() => { if (Interlocked.Increment(ref promised) == Rides / 2) halfway.TrySetResult(); }))).ToList();
        await halfway.Task.Within();
        await world.Settlers["B"].KillAsync();
        await Task.WhenAll(running).Within(TimeSpan.FromMinutes(3));
        var elapsed = clock.Elapsed;

        var settlerAccount = world.SettlerKey.ToHex();
        await Bounded.UntilAsync(() => Task.FromResult(LedgerEntries(world.LedgerPath, settlerAccount).Values.Count(e => e.Held) == 0), "every network invoice resolved");
        var entries = LedgerEntries(world.LedgerPath, settlerAccount);
        var jobs = await JobStatesAsync(world.Database);
        foreach (var ride in rides)
        {
            var hash = Convert.ToHexStringLower(ride.NetworkHash);
            var entry = entries[hash];
            Assert.Equal((1, ride.Settle ? 1 : 0, ride.Settle ? 0 : 1), (entry.Holds, entry.Settles, entry.Refunds));
            Assert.Equal(ride.Settle ? 1 : 2, jobs[hash]);
        }
        // Promises asked again at A after B died unanswered got new jobs; nobody paid those, so nothing of theirs moved.
        Assert.All(entries.Where(e => rides.All(r => Convert.ToHexStringLower(r.NetworkHash) != e.Key)), e => Assert.Equal(0, e.Value.Holds));

        var audit = world.Wallet.Wallet.Audit();
        Assert.True(audit.Balanced, string.Join("; ", audit.Problems));
        Assert.Equal(world.Funded, audit.Totals.AccountsMsat + audit.Totals.HeldMsat);
        Assert.Equal(0, audit.Totals.HeldMsat);
        var settled = rides.Count(r => r.Settle);
        Assert.Equal(settled * ScaleOutWorld.FeeMsat, await world.Wallet.Wallet.OpenAccount(settlerAccount).GetBalanceAsync(TestContext.Current.CancellationToken));
        foreach (var driver in world.Drivers)
            Assert.Equal(rides.Count(r => r.Settle && r.Driver == driver) * ScaleOutWorld.PriceMsat, await driver.Wallet.GetBalanceAsync(TestContext.Current.CancellationToken));

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Rides} rides ({settled} settled, {Rides - settled} refunded) on two settler processes, one killed after {Rides / 2} promises: " +
            $"{elapsed.TotalSeconds:0.0} s, {Rides / elapsed.TotalSeconds:0.0} rides/s, {world.Settler.Failovers} calls failed over, {jobs.Count} jobs");
    }

    /// <summary>Per invoice the settler issued (by payment hash): how many hold, settle and refund entries the ledger journal has.</summary>
    private static Dictionary<string, (int Holds, int Settles, int Refunds, bool Held)> LedgerEntries(string ledgerPath, string issuer)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ledgerPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT lower(hex(i.payment_hash)),
                   (SELECT count(*) FROM movements m WHERE m.payment_secret = i.payment_secret AND m.kind = @hold),
                   (SELECT count(*) FROM movements m WHERE m.payment_secret = i.payment_secret AND m.kind = @settle),
                   (SELECT count(*) FROM movements m WHERE m.payment_secret = i.payment_secret AND m.kind = @refund)
            FROM invoices i WHERE i.issuer = @issuer
            """;
        command.Parameters.AddWithValue("hold", (int)MovementKind.Hold);
        command.Parameters.AddWithValue("settle", (int)MovementKind.Settle);
        command.Parameters.AddWithValue("refund", (int)MovementKind.Refund);
        command.Parameters.AddWithValue("issuer", issuer);
        var entries = new Dictionary<string, (int, int, int, bool)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var (holds, settles, refunds) = (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
            entries[reader.GetString(0)] = (holds, settles, refunds, holds > settles + refunds);
        }
        return entries;
    }

    /// <summary>Every job the settlers saved, by network payment hash: its state (1 settled, 2 cancelled).</summary>
    private static async Task<Dictionary<string, int>> JobStatesAsync(string database)
    {
        await using var source = NpgsqlDataSource.Create(Settler.Storage.PostgresUri.ToConnectionString(database));
        await using var command = source.CreateCommand("SELECT network_payment_hash, state FROM jobs");
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var jobs = new Dictionary<string, int>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) jobs[reader.GetString(0)] = reader.GetInt32(1);
        return jobs;
    }
}
