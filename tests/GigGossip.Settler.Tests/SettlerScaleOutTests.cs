using System.Collections.Concurrent;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;
using GigGossip.Settler.Tests.Support;
using Npgsql;
using InvoiceState = GigGossip.Protocol.Bolt11.InvoiceState;

namespace GigGossip.Settler.Tests;

/// <summary>
/// Two settler instances (A is the world's own service, B a second one) on one PostgreSQL database, one ledger and one
/// clock, serving the same settler: what one decides the other sees, nothing is decided twice, and a cheater who plays
/// one instance against the other gets nothing (docs/operator/settler-scale-out.md).
/// </summary>
public sealed class SettlerScaleOutTests(PostgresFixture postgres) : MoneyConservingSettlerTests
{
    private readonly ConcurrentQueue<(string Instance, string Call, string Hash)> _walletCalls = new();
    private RecordingWallet _walletA = null!;
    private RecordingWallet _walletB = null!;
    private SettlerServer _b = null!;
    private SettlerHttpClient _clientB = null!;
    private SettlerAdminClient _adminB = null!;

    protected override async Task<SettlerWorld> StartWorldAsync()
    {
        var world = await SettlerWorld.StartAsync(await postgres.DatabaseAsync(), w => _walletA = new RecordingWallet(w, "A", _walletCalls));
        (_b, _clientB, _adminB) = await world.StartInstanceAsync(w => _walletB = new RecordingWallet(w, "B", _walletCalls));
        return world;
    }

    [Fact]
    public async Task Both_instances_are_one_settler_with_one_authority()
    {
        Assert.Equal(World.Server.Host.PublicKey, _b.Host.PublicKey);
        Assert.Equal(World.Server.Host.Uri, _b.Host.Uri);

        await World.Settler.RegisterAsync(World.DriverKey, World.NowMs, Ct);
        await _adminB.GrantAsync(World.DriverKey.PublicKey, "driving_licence", cancellationToken: Ct);
        var certificate = await World.Settler.RequestCertificateAsync(World.DriverKey, World.NowMs, Ct);
        Assert.Contains("driving_licence", certificate.ReadCertificate().Properties.Keys);
        var subjects = await World.Admin.SubjectsAsync(Ct);
        Assert.Contains("driving_licence", Assert.Single(subjects).Properties.Keys);

        var serial = certificate.ReadCertificate().Serial.ToByteArray();
        await _adminB.RevokeAsync(serial, Ct);
        var list = await World.Settler.GetRevocationListAsync(Ct);
        Assert.Contains(list.ReadRevocationList().RevokedSerials, s => s.Span.SequenceEqual(serial));
    }

    [Fact]
    public async Task Settle_at_one_instance_and_cancel_at_the_other_racing_decide_the_job_once()
    {
        var (senderCertificate, driverCertificate) = await World.CertifyAsync();
        for (var round = 0; round < 3; round++)
        {
            var ride = await new Ride(World, senderCertificate, driverCertificate).PromisedAsync();
            await ride.PaidAsync();
            var decided = World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled or InvoiceState.Cancelled } c
                                                        && c.PaymentHash.AsSpan().SequenceEqual(ride.NetworkHash));

            // The sender reports the job done at A and disputes it at B at the same moment, hoping for both.
            var done = ride.CallAsync(ride.Report(JobOutcome.Done));
            var disputed = _clientB.CallAsync(ride.Report(JobOutcome.Disputed), Ct);
            var answers = await Task.WhenAll(done, disputed);

            Assert.Single(answers, a => a is Acknowledged);
            await decided.Within();
            var hash = PaymentHash.FromBytes(ride.NetworkHash);
            var invoice = await World.Ledger.OpenAccount(World.Server.Host.WalletAccount).GetInvoiceAsync(hash, Ct);
            var job = (await World.Server.Host.ExportAsync(Ct)).Jobs.Single(j => j.NetworkPaymentHash.AsSpan().SequenceEqual(ride.NetworkHash));
            var calls = _walletCalls.Where(c => c.Hash == hash.ToHex()).Select(c => c.Call).Distinct().ToList();
            if (answers[0] is Acknowledged)
            {
                Assert.Equal(InvoiceState.Settled, invoice!.State);
                Assert.Equal(SettlerJobState.Settled, job.State);
                Assert.Equal(["settle"], calls);
                await ride.DriverCollectsAsync();
            }
            else
            {
                Assert.Equal(InvoiceState.Cancelled, invoice!.State);
                Assert.Equal(SettlerJobState.Cancelled, job.State);
                Assert.Equal(["cancel"], calls);
                Assert.IsType<SettlerRefused>(await _clientB.CallAsync(new PreimageRequest(ride.ReplyHash), Ct));
                await World.Driver.CancelAsync(PaymentHash.FromBytes(ride.ReplyHash), Ct);
            }
        }
    }

    [Fact]
    public async Task Key_reveal_request_replayed_at_the_other_instance_gets_nothing()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        await ride.PaidAsync();
        var request = ride.KeyReveal();

        Assert.IsType<KeyRevealed>(await ride.CallAsync(request));
        var replayed = Assert.IsType<SettlerRefused>(await _clientB.CallAsync(request, Ct));
        Assert.Equal(SettlerRefusal.Unauthorized, replayed.Reason);
        Assert.Contains("already used", replayed.Message);

        // One fresh request sent to both instances at once: one reveals, the other sees it used.
        var fresh = ride.KeyReveal();
        var answers = await Task.WhenAll(ride.CallAsync(fresh), _clientB.CallAsync(fresh, Ct));
        Assert.Single(answers, a => a is KeyRevealed);
        Assert.Single(answers, a => a is SettlerRefused { Reason: SettlerRefusal.Unauthorized });

        var settled = World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });
        Assert.IsType<Acknowledged>(await _clientB.CallAsync(ride.Report(JobOutcome.Done), Ct));
        await settled.Within();
        await ride.DriverCollectsAsync();
    }

    /// <summary>
    /// The job's service-window timer comes due at both instances at once (A armed it when it revealed the key; both
    /// poll), and the test holds the timer's row so every firing is in flight together before any commits: the row locks
    /// let one firing decide and the others find the timer gone, so the timer fires once across both instances and the
    /// wallet sees one settle. Without the locks each firing reads the job undecided and decides it again (this test then
    /// counts two firings; the wallet-call guards still keep the wallet to one settle, so calls alone cannot tell).
    /// </summary>
    [Fact]
    public async Task Service_window_timer_due_at_both_instances_settles_once()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        await ride.PaidAsync();
        Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal()));
        var hash = Convert.ToHexStringLower(ride.NetworkHash);
        var settled = World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });
        var polled = Task.WhenAll(World.Server.Host.WhenPolled(), _b.Host.WhenPolled());
        var fired = new ConcurrentQueue<(string Instance, string Timer)>();
        World.Server.Host.Handled += i => { if (i is TimerFired t && t.TimerId.EndsWith(hash, StringComparison.Ordinal)) fired.Enqueue(("A", t.TimerId)); };
        _b.Host.Handled += i => { if (i is TimerFired t && t.TimerId.EndsWith(hash, StringComparison.Ordinal)) fired.Enqueue(("B", t.TimerId)); };

        await using (var holder = new NpgsqlConnection(Storage.PostgresUri.ToConnectionString(World.Database)))
        {
            await holder.OpenAsync(Ct);
            await using var hold = await holder.BeginTransactionAsync(Ct);
            await using (var lockTimers = new NpgsqlCommand("SELECT id FROM timers WHERE id LIKE @p FOR UPDATE", holder, hold))
            {
                lockTimers.Parameters.AddWithValue("p", "%:" + hash);
                Assert.NotEqual(0, await CountAsync(lockTimers));
            }
            World.Time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(ride.ServiceEndUnixMs + 1));
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database() AND pid <> pg_backend_pid()", holder, hold);
            await Until(async () => (long)(await waiting.ExecuteScalarAsync(Ct))! >= 2);
            await hold.RollbackAsync(Ct);
        }
        await settled.Within();
        await polled.Within();
        await AdvanceAndPollAsync(TimeSpan.FromSeconds(1));

        Assert.NotEmpty(fired);
        foreach (var timer in fired.GroupBy(f => f.Timer))
            Assert.True(timer.Count() == 1, $"timer {timer.Key} fired {timer.Count()} times, at {string.Join(" and ", timer.Select(f => f.Instance))}");
        Assert.Equal([("settle", hash)], _walletCalls.Where(c => c.Hash == hash).Select(c => (c.Call, c.Hash)));
        Assert.Equal(SettlerDecision.WindowEnded, (await _b.Host.JobsAsync(Ct)).Single().Job.Terms!.Decision);
        await ride.DriverCollectsAsync();
    }

    private static async Task<int> CountAsync(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = 0;
        while (await reader.ReadAsync(Ct)) rows++;
        return rows;
    }

    /// <summary>Polls <paramref name="done"/> until it holds (bounded by the test's limit).</summary>
    private static async Task Until(Func<Task<bool>> done)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(Bounded.Limit);
        while (!await done()) await Task.Delay(20, limit.Token);
    }

    [Fact]
    public async Task Settlement_lost_when_its_instance_died_after_deciding_is_made_by_the_other()
    {
        var ride = await (await Ride.CertifiedAsync(World)).PromisedAsync();
        await ride.PaidAsync();
        Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal()));

        // B decides (the job is saved as settling) but its settle never reaches the wallet, and B stops.
        _walletB.HangSettles = true;
        Assert.IsType<Acknowledged>(await _clientB.CallAsync(ride.Report(JobOutcome.Done), Ct));
        Assert.Equal(SettlerJobState.Settling, (await World.Server.Host.ExportAsync(Ct)).Jobs.Single().State);
        await World.StopInstanceAsync(_b);
        var settled = World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });

        World.Time.Advance(new Settler.Host.SettlerHostOptions().WalletCallGuard + TimeSpan.FromSeconds(1));
        await settled.Within();

        var hash = Convert.ToHexStringLower(ride.NetworkHash);
        Assert.Equal([("A", "settle", hash)], _walletCalls.Where(c => c.Hash == hash));
        Assert.Equal(SettlerJobState.Settled, (await World.Server.Host.ExportAsync(Ct)).Jobs.Single().State);
        await ride.DriverCollectsAsync();
    }

    [Fact]
    public async Task Reply_hashes_and_promises_no_money_reached_are_pruned_after_their_lifetime_and_a_paid_ride_is_kept()
    {
        var (senderCertificate, driverCertificate) = await World.CertifyAsync();
        var paid = await new Ride(World, senderCertificate, driverCertificate).PromisedAsync();
        await paid.PaidAsync();
        var unpaid = await new Ride(World, senderCertificate, driverCertificate).PromisedAsync();
        Assert.IsType<Acknowledged>(await _clientB.CallAsync(unpaid.Report(JobOutcome.Disputed), Ct));
        for (var i = 0; i < 30; i++)
            Assert.IsType<ReplyPaymentHashIssued>(await _clientB.CallAsync(new Ride(World, senderCertificate, driverCertificate).ReplyHashRequest(), Ct));
        Assert.Equal((32, 2), await CountsAsync());

        await AdvanceAndPollAsync(TimeSpan.FromMinutes(59));
        Assert.Equal((32, 2), await CountsAsync());
        await AdvanceAndPollAsync(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        Assert.Equal((1, 1), await CountsAsync());
        var kept = (await _b.Host.ExportAsync(Ct)).Jobs.Single();
        Assert.Equal(paid.NetworkHash, kept.NetworkPaymentHash);

        // The kept ride goes on: disputed before its key reveal, both payments go back.
        var cancelled = World.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Cancelled });
        Assert.IsType<Acknowledged>(await _clientB.CallAsync(paid.Report(JobOutcome.Disputed), Ct));
        await cancelled.Within();
        await World.Driver.CancelAsync(PaymentHash.FromBytes(paid.ReplyHash), Ct);
    }

    /// <summary>Moves the clock on and waits until both instances have polled their timers (and pruned) at the new time.</summary>
    private async Task AdvanceAndPollAsync(TimeSpan by)
    {
        var polled = Task.WhenAll(World.Server.Host.WhenPolled(), _b.Host.WhenPolled());
        World.Time.Advance(by);
        await polled.Within();
    }

    private async Task<(int Replies, int Jobs)> CountsAsync()
    {
        var state = await World.Server.Host.ExportAsync(Ct);
        return (state.Replies.Count, state.Jobs.Count);
    }
}
