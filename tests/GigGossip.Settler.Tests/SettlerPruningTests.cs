using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Settler.Http;
using GigGossip.Settler.Tests.Support;

namespace GigGossip.Settler.Tests;

/// <summary>
/// Cheat 11: reply hashes nobody used are forgotten after their lifetime, in memory and in the database; a ride
/// whose money was held is kept; money is conserved.
/// </summary>
public sealed class SettlerPruningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unused_reply_hashes_are_pruned_after_their_lifetime_and_a_paid_ride_is_kept()
    {
        await using var world = await SettlerWorld.StartAsync(clientLimits: SettlerClientLimits.Unlimited);
        var minted = world.Ledger.Audit().Totals.MintedMsat;
        var (senderCertificate, driverCertificate) = await world.CertifyAsync();
        var ride = new Ride(world, senderCertificate, driverCertificate);
        await ride.PromisedAsync();
        await ride.PaidAsync();
        Assert.IsType<KeyRevealed>(await world.Settler.CallAsync(ride.KeyReveal(), Ct));

        const int flood = 300;
        for (var i = 0; i < flood; i++)
            Assert.IsType<ReplyPaymentHashIssued>(await world.Settler.CallAsync(new Ride(world, senderCertificate, driverCertificate).ReplyHashRequest(), Ct));
        Assert.Equal(flood + 1, (await world.Server.Host.ExportAsync(Ct)).Replies.Count);

        world.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var late = await world.Settler.CallAsync(new Ride(world, senderCertificate, driverCertificate).ReplyHashRequest(), Ct);
        Assert.IsType<ReplyPaymentHashIssued>(late);

        var state = await world.Server.Host.ExportAsync(Ct);
        Assert.Equal(2, state.Replies.Count);
        Assert.Contains(state.Replies, r => r.PaymentHash.AsSpan().SequenceEqual(ride.ReplyHash));
        Assert.Single(state.Jobs);
        await world.RestartAsync();
        var reloaded = await world.Server.Host.ExportAsync(Ct);
        Assert.Equal((2, 1), (reloaded.Replies.Count, reloaded.Jobs.Count));
        var audit = world.Ledger.Audit();
        Assert.True(audit.Balanced);
        Assert.Equal(minted, audit.Totals.MintedMsat);
        Assert.Equal(minted, audit.Totals.AccountsMsat + audit.Totals.HeldMsat);
    }

    [Fact]
    public async Task A_reply_hash_restored_after_a_restart_keeps_its_lifetime_from_the_restart()
    {
        await using var world = await SettlerWorld.StartAsync(clientLimits: SettlerClientLimits.Unlimited);
        var (senderCertificate, driverCertificate) = await world.CertifyAsync();
        var kept = Assert.IsType<ReplyPaymentHashIssued>(await world.Settler.CallAsync(new Ride(world, senderCertificate, driverCertificate).ReplyHashRequest(), Ct));
        world.Time.Advance(TimeSpan.FromMinutes(10));
        await world.RestartAsync();

        Assert.IsType<ReplyPaymentHashIssued>(await world.Settler.CallAsync(new Ride(world, senderCertificate, driverCertificate).ReplyHashRequest(), Ct));

        var state = await world.Server.Host.ExportAsync(Ct);
        Assert.Equal(2, state.Replies.Count);
        Assert.Contains(state.Replies, r => r.PaymentHash.AsSpan().SequenceEqual(kept.ReplyPaymentHash));
    }
}
