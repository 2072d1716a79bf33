using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Settler.Tests.Support;

namespace GigGossip.Settler.Tests;

/// <summary>
/// The key reveal is bound to its job and fresh (docs/protocol/privacy.md): whoever saw a sender's key-reveal request on its
/// way (a proxy, a log, a middleman on the path) cannot replay it for the key; a stale request is refused; the sender still gets it.
/// </summary>
public sealed class SettlerKeyRevealReplayTests : IAsyncLifetime
{
    private SettlerWorld _world = null!;
    private long _total;

    public async ValueTask InitializeAsync()
    {
        _world = await SettlerWorld.StartAsync();
        _total = Money();
    }

    public async ValueTask DisposeAsync()
    {
        var audit = _world.Ledger.Audit();
        Assert.True(audit.Balanced, string.Join("; ", audit.Problems));
        Assert.Equal(_total, Money());
        await _world.DisposeAsync();
    }

    private long Money()
    {
        var totals = _world.Ledger.Audit().Totals;
        return totals.AccountsMsat + totals.HeldMsat;
    }

    private static SettlerRefused Refused(SettlerResponse response, SettlerRefusal reason, string says)
    {
        var refused = Assert.IsType<SettlerRefused>(response);
        Assert.Equal(reason, refused.Reason);
        Assert.Contains(says, refused.Message);
        return refused;
    }

    [Fact]
    public async Task Stranger_replaying_a_seen_request_gets_nothing_and_the_sender_still_gets_the_key()
    {
        var ride = await (await Ride.CertifiedAsync(_world)).PromisedAsync();
        await ride.PaidAsync();
        var seen = ride.KeyReveal();
        var key = Assert.IsType<KeyRevealed>(await ride.CallAsync(seen)).NetworkPreimage;

        Refused(await ride.CallAsync(seen), SettlerRefusal.Unauthorized, "already used");

        Assert.Equal(key, Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal())).NetworkPreimage);
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
    }

    [Fact]
    public async Task Request_seen_before_the_money_was_locked_is_not_replayable_once_it_is()
    {
        var ride = await (await Ride.CertifiedAsync(_world)).PromisedAsync();
        var early = ride.KeyReveal();
        Refused(await ride.CallAsync(early), SettlerRefusal.NotYet, "network invoice accepted: False");
        await ride.PaidAsync();

        Refused(await ride.CallAsync(early), SettlerRefusal.Unauthorized, "already used");

        var key = Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal())).NetworkPreimage;
        Assert.True(Preimages.Matches(key, ride.NetworkHash));
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
    }

    [Fact]
    public async Task Request_seen_before_a_settler_restart_is_not_replayable_after_it()
    {
        var ride = await (await Ride.CertifiedAsync(_world)).PromisedAsync();
        await ride.PaidAsync();
        var seen = ride.KeyReveal();
        var key = Assert.IsType<KeyRevealed>(await ride.CallAsync(seen)).NetworkPreimage;
        _world.Time.Advance(TimeSpan.FromSeconds(1));
        await _world.RestartAsync();

        Refused(await ride.CallAsync(seen), SettlerRefusal.NotYet, "signed before the settler restarted");

        Assert.Equal(key, Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal())).NetworkPreimage);
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
    }

    [Fact]
    public async Task Stale_or_future_request_is_refused_and_one_inside_the_window_is_not()
    {
        var ride = await (await Ride.CertifiedAsync(_world)).PromisedAsync();
        await ride.PaidAsync();

        Refused(await ride.CallAsync(ride.KeyReveal(atUnixMs: _world.NowMs - KeyRevealRequest.FreshnessMs - 1)), SettlerRefusal.Unauthorized, "from the settler's clock");
        Refused(await ride.CallAsync(ride.KeyReveal(atUnixMs: _world.NowMs + KeyRevealRequest.FreshnessMs + 1)), SettlerRefusal.Unauthorized, "from the settler's clock");

        Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal(atUnixMs: _world.NowMs - KeyRevealRequest.FreshnessMs + 1_000)));
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
    }

    [Fact]
    public async Task Request_is_bound_to_its_job_and_its_settler()
    {
        var ride = await (await Ride.CertifiedAsync(_world)).PromisedAsync();
        var other = await (await Ride.CertifiedAsync(_world)).PromisedAsync();
        await ride.PaidAsync();
        var payloadId = ride.Request.ReadRequestPayload().PayloadId.ToByteArray();
        byte[] Nonce() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeyRevealRequest.NonceLength);

        var forOther = ride.KeyReveal();
        var moved = new KeyRevealRequest(other.NetworkHash, forOther.Signature) { TimestampUnixMs = forOther.TimestampUnixMs, Nonce = forOther.Nonce };
        Refused(await ride.CallAsync(moved), SettlerRefusal.Unauthorized, "only the job's sender");
        var otherSettler = KeyRevealRequest.Create(_world.SenderKey, SecretKey.Generate().PublicKey, ride.NetworkHash, ride.ReplyHash, payloadId, _world.NowMs, Nonce());
        Refused(await ride.CallAsync(otherSettler), SettlerRefusal.Unauthorized, "only the job's sender");
        var otherReply = KeyRevealRequest.Create(_world.SenderKey, ride.SettlerKey, ride.NetworkHash, other.ReplyHash, payloadId, _world.NowMs, Nonce());
        Refused(await ride.CallAsync(otherReply), SettlerRefusal.Unauthorized, "only the job's sender");
        var otherPayload = KeyRevealRequest.Create(_world.SenderKey, ride.SettlerKey, ride.NetworkHash, ride.ReplyHash, Nonce(), _world.NowMs, Nonce());
        Refused(await ride.CallAsync(otherPayload), SettlerRefusal.Unauthorized, "only the job's sender");
        var shortNonce = KeyRevealRequest.Create(_world.SenderKey, ride.SettlerKey, ride.NetworkHash, ride.ReplyHash, payloadId, _world.NowMs, [1]);
        Refused(await ride.CallAsync(shortNonce), SettlerRefusal.BadRequest, "must be 16 bytes");

        Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal()));
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
        await other.CallAsync(other.Report(JobOutcome.Disputed));
    }

    [Fact]
    public async Task Version1_request_from_an_old_client_is_refused_with_a_clear_reason()
    {
        var ride = await (await Ride.CertifiedAsync(_world)).PromisedAsync();
        await ride.PaidAsync();
        using var http = new RawHttp(_world.Server.BaseUri);
        var hash = Convert.ToHexStringLower(ride.NetworkHash);
        var v1Signature = Convert.ToHexStringLower(_world.SenderKey.Sign("gig-gossip/key-reveal", ride.NetworkHash));

        var problem = await RawHttp.ProblemAsync(await http.SendAsync(HttpMethod.Post, "v1/key-reveal", $"{{\"networkPaymentHash\":\"{hash}\",\"signature\":\"{v1Signature}\"}}"), 400);

        Assert.Contains("version-1 key-reveal requests", problem.Message);
        Assert.Contains(SignatureTags.KeyRevealRequest, problem.Message);
        Assert.IsType<KeyRevealed>(await ride.CallAsync(ride.KeyReveal()));
        Assert.IsType<Acknowledged>(await ride.CallAsync(ride.Report(JobOutcome.Done)));
    }
}
