using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;

namespace GigGossip.Protocol.Tests.Peers;

/// <summary>The delivery deficit (GossipSub v1.1's P3/P3b, counted in broadcasts): the covert flash as score arithmetic.</summary>
public class DeliveryDeficitTests
{
    private const long Minute = 60_000;
    private static readonly PublicKey Sybil = PeerKeys.Key("sybil").PublicKey;
    private static readonly PublicKey Honest = PeerKeys.Key("honest").PublicKey;
    private static readonly PublicKey Quiet = PeerKeys.Key("quiet").PublicKey;

    private static PeerScoreBook Book()
    {
        var book = new PeerScoreBook(new PeerScoreParams());
        book.Connected(Sybil, "4:1.1", PeerKeys.Now);
        book.Connected(Honest, "4:2.2", PeerKeys.Now);
        book.Connected(Quiet, "4:3.3", PeerKeys.Now);
        return book;
    }

    /// <summary>A broadcast first heard from <paramref name="first"/>, then passed on by <paramref name="alsoFrom"/> within the window.</summary>
    private static void Broadcast(PeerScoreBook book, long at, PublicKey first, params PublicKey[] alsoFrom)
    {
        book.BroadcastHeard(first, at);
        book.Record(first, PeerActivity.Delivery, at);
        foreach (var peer in alsoFrom) book.Record(peer, PeerActivity.Delivery, at);
    }

    [Fact]
    public void A_peer_that_never_delivered_misses_nothing_so_a_worker_or_a_quiet_link_costs_nothing()
    {
        var book = Book();
        for (var i = 0; i < 20; i++) Broadcast(book, PeerKeys.Now + i * 30_000, Honest);
        Assert.Equal(0, book.Parts(Quiet, PeerKeys.Now + 10 * Minute).DeliveryDeficit);
    }

    [Fact]
    public void Misses_up_to_the_allowance_are_free_then_each_costs_the_square_times_the_weight()
    {
        var book = Book();
        Broadcast(book, PeerKeys.Now, Sybil, Honest);
        for (var i = 1; i <= 3; i++) Broadcast(book, PeerKeys.Now, Honest);
        Assert.Equal(0, book.Parts(Sybil, PeerKeys.Now).DeliveryDeficit);
        Broadcast(book, PeerKeys.Now, Honest);
        Assert.Equal(-2, book.Parts(Sybil, PeerKeys.Now).DeliveryDeficit);
        Broadcast(book, PeerKeys.Now, Honest);
        Assert.Equal(-8, book.Parts(Sybil, PeerKeys.Now).DeliveryDeficit);
        Assert.Equal(0, book.Parts(Honest, PeerKeys.Now).DeliveryDeficit);
    }

    [Fact]
    public void Covert_flash_a_sybil_that_earned_first_deliveries_then_drops_loses_trust_then_gossip_then_its_connection()
    {
        var book = Book();
        var t = PeerKeys.Now;
        // Ten broadcasts before the flash, one every 30 s: the Sybil delivers every one first and earns its credit.
        for (var i = 0; i < 10; i++, t += 30_000)
        {
            Broadcast(book, t, Sybil, Honest);
            book.Record(Sybil, PeerActivity.FirstDelivery, t);
        }
        Assert.True(book.Score(Sybil, t) > 5, "before the flash the Sybil is trusted");
        var flash = t;
        long? untrusted = null, noGossip = null, graylisted = null;
        for (; t < flash + 10 * Minute; t += 30_000)
        {
            Broadcast(book, t, Honest);
            book.Record(Honest, PeerActivity.FirstDelivery, t);
            var score = book.Score(Sybil, t);
            if (score <= 0) untrusted ??= t - flash;
            if (!book.AcceptsGossip(Sybil, t)) noGossip ??= t - flash;
            if (book.IsGraylisted(Sybil, t)) graylisted ??= t - flash;
        }
        Assert.True(untrusted <= 3 * Minute, $"trusted until {untrusted} ms after the flash");
        Assert.True(noGossip <= 4 * Minute, $"still gossiped with {noGossip} ms after the flash");
        Assert.True(graylisted <= 5 * Minute, $"graylisted only {graylisted} ms after the flash");
        Assert.Equal(0, book.Parts(Honest, t).DeliveryDeficit);
        Assert.True(book.Score(Honest, t) > 0, "the honest peer that kept delivering (first, after the flash) is trusted");
    }

    [Fact]
    public void A_delivery_wipes_the_misses_so_an_honest_peer_recovers_at_once()
    {
        var book = Book();
        Broadcast(book, PeerKeys.Now, Sybil, Honest);
        for (var i = 0; i < 6; i++) Broadcast(book, PeerKeys.Now, Honest);
        Assert.True(book.Parts(Sybil, PeerKeys.Now).DeliveryDeficit < 0);
        Broadcast(book, PeerKeys.Now, Sybil);
        Assert.Equal(0, book.Parts(Sybil, PeerKeys.Now).DeliveryDeficit);
    }

    [Fact]
    public void Misses_decay_with_time_and_outlive_a_disconnect()
    {
        var book = Book();
        Broadcast(book, PeerKeys.Now, Sybil, Honest);
        for (var i = 0; i < 6; i++) Broadcast(book, PeerKeys.Now, Honest);
        Assert.Equal(-18, book.Parts(Sybil, PeerKeys.Now).DeliveryDeficit, 9);
        book.Disconnected(Sybil, PeerKeys.Now);
        book.Connected(Sybil, "4:1.1", PeerKeys.Now + 1);
        Assert.Equal(-18, book.Parts(Sybil, PeerKeys.Now + 1).DeliveryDeficit, 9);
        var decayed = 6 * Math.Pow(0.9, 5) - 3;
        Assert.Equal(-2 * decayed * decayed, book.Parts(Sybil, PeerKeys.Now + 5 * Minute).DeliveryDeficit, 9);
        // Reconnected, it is out of the mesh until it delivers again: new broadcasts add no misses.
        Broadcast(book, PeerKeys.Now + 5 * Minute, Honest);
        Assert.Equal(-2 * decayed * decayed, book.Parts(Sybil, PeerKeys.Now + 5 * Minute).DeliveryDeficit, 9);
    }

    [Fact]
    public void The_penalty_is_capped()
    {
        var book = Book();
        Broadcast(book, PeerKeys.Now, Sybil, Honest);
        for (var i = 0; i < 100; i++) Broadcast(book, PeerKeys.Now, Honest);
        Assert.Equal(-100, book.Parts(Sybil, PeerKeys.Now).DeliveryDeficit);
    }
}
