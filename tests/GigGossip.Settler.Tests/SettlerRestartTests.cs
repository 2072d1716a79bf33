using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;
using GigGossip.Settler.Tests.Support;
using InvoiceState = GigGossip.Protocol.Bolt11.InvoiceState;

namespace GigGossip.Settler.Tests;

/// <summary>The settler service stops mid-job and starts again on the same database: nothing is lost.</summary>
public abstract class SettlerRestartTests : IAsyncLifetime
{
    private SettlerWorld _world = null!;

    protected abstract Task<string?> DatabaseAsync();

    public async ValueTask InitializeAsync() => _world = await SettlerWorld.StartAsync(await DatabaseAsync());

    public async ValueTask DisposeAsync()
    {
        if (_world is not null) await _world.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_after_the_promise_keeps_the_job_its_key_and_its_certificates()
    {
        var ride = await (await Ride.CertifiedAsync(_world)).PromisedAsync();
        var settlerKey = _world.Server.Host.PublicKey;

        await _world.RestartAsync();

        Assert.Equal(settlerKey, _world.Server.Host.PublicKey);
        await ride.PaidAsync();
        var key = Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal())).NetworkPreimage;
        Assert.True(Preimages.Matches(key, ride.NetworkHash));
        await _world.RestartAsync();
        var settled = _world.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
        await settled.Within();
        await _world.RestartAsync();

        var reply = Assert.IsType<PreimagePublished>(await ride.CallAsync(new PreimageRequest(ride.ReplyHash))).Preimage;
        await _world.Driver.SettleAsync(PaymentHash.FromBytes(ride.ReplyHash), Preimage.FromBytes(reply), Ct);
        Assert.Equal(SettlerWorld.DriverPrice, _world.Balance(_world.Driver));
        Assert.Equal(1_000, _world.SettlerBalance);
        Assert.Equal(SettlerRefusal.BadRequest, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.PromiseRequest() with { ReplyInvoice = "x" })).Reason);
    }

    [Fact]
    public async Task Lock_timer_set_before_a_restart_still_cancels_the_job()
    {
        var ride = await (await Ride.CertifiedAsync(_world)).PromisedAsync();

        await _world.RestartAsync();
        var cancelled = _world.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Cancelled });
        _world.Time.Advance(TimeSpan.FromMilliseconds(new Protocol.Settlement.SettlerPolicy().LockTimeoutMs + 1));

        await cancelled.Within();
        Assert.Equal(SettlerRefusal.Cancelled, Assert.IsType<SettlerRefused>(await ride.CallAsync(ride.KeyReveal())).Reason);
    }

    [Fact]
    public async Task Reply_invoice_accepted_while_the_settler_was_down_is_seen_after_it_restarts()
    {
        var ride = await (await Ride.CertifiedAsync(_world)).PromisedAsync();
        await _world.Server.DisposeAsync();
        await _world.Sender.PayAsync(ride.Promise.SettlerNetworkInvoice, _world.Time.GetUtcNow().AddHours(2), Ct);
        await _world.Sender.PayAsync(ride.ReplyInvoice.Bolt11, _world.Time.GetUtcNow().AddHours(2), Ct);

        await _world.RestartAsync();

        var revealed = await RetryUntilRevealedAsync(ride);
        Assert.True(Preimages.Matches(revealed, ride.NetworkHash));
        await ride.CallAsync(ride.Report(JobOutcome.Disputed));
    }

    [Fact]
    public async Task Frozen_dispute_its_statements_pickup_proof_and_default_timer_survive_restarts()
    {
        var ride = await (await Ride.CertifiedAsync(_world)).PromisedAsync();
        var key = await ride.RevealedAsync();
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Pickup(Protocol.Engine.PickupCode.Of(key))));
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Disputed)));
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Statement("no ride", _world.SenderKey)));
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Statement("rider got in at 12:05", _world.DriverKey)));

        await _world.RestartAsync();

        var dispute = await _world.Admin.GetDisputeAsync(ride.NetworkHash, Ct);
        Assert.True(dispute.Open);
        Assert.Equal("no ride", dispute.SenderStatement);
        Assert.Equal("rider got in at 12:05", dispute.ReplierStatement);
        Assert.NotNull(dispute.PickupProvenAtUnixMs);
        Assert.NotNull(dispute.NetworkHoldUntilUnixMs);
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.CallAsync(new PreimageRequest(ride.ReplyHash))).Reason);
        var settled = _world.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Settled });
        _world.Time.Advance(TimeSpan.FromMilliseconds(dispute.DefaultDecisionAtUnixMs!.Value - _world.NowMs));
        await settled.Within();
        await _world.RestartAsync();

        Assert.Equal("DefaultSettled", (await _world.Admin.GetDisputeAsync(ride.NetworkHash, Ct)).Decision);
        await ride.DriverCollectsAsync();
        Assert.Equal(SettlerWorld.DriverPrice, _world.Balance(_world.Driver));
        Assert.Equal(1_000, _world.SettlerBalance);
        Assert.Equal(SettlerWorld.SenderFunding - SettlerWorld.DriverPrice - 1_000, _world.Balance(_world.Sender));
        Assert.Equal(0, _world.Ledger.Audit().Totals.HeldMsat);
    }

    /// <summary>
    /// The restarted settler looks its own network invoice up as it starts, and the driver (whose node repeats its statement
    /// every poll) says its reply invoice is Accepted; the reveal succeeds once the settler has both.
    /// </summary>
    private async Task<byte[]> RetryUntilRevealedAsync(Ride ride)
    {
        var networkSeen = _world.WhenSettlerHandled(i => i is IssuedInvoiceChanged { State: InvoiceState.Accepted });
        Assert.Equal(SettlerRefusal.NotYet, Assert.IsType<SettlerRefused>(await ride.DriverStatesAcceptedAsync()).Reason);
        if (await ride.CallAsync(ride.KeyReveal()) is KeyRevealed early) return early.NetworkPreimage;
        await networkSeen.Within();
        return Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal())).NetworkPreimage;
    }
}

public sealed class SqliteSettlerRestartTests : SettlerRestartTests
{
    protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresSettlerRestartTests(PostgresFixture postgres) : SettlerRestartTests
{
    protected override async Task<string?> DatabaseAsync() => await postgres.DatabaseAsync();
}
