using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;

namespace GigGossip.Protocol.Tests.Peers;

public class PeerScoreBookTests
{
    private const long Minute = 60_000;
    private static readonly PublicKey Alice = PeerKeys.Key("alice").PublicKey;
    private static readonly PublicKey Bob = PeerKeys.Key("bob").PublicKey;

    private static PeerScoreBook NewBook(PeerScoreParams? p = null) => new(p ?? new PeerScoreParams());

    [Fact]
    public void Rewards_decay_by_whole_intervals()
    {
        var book = NewBook();
        book.Connected(Alice, "4:203.0", PeerKeys.Now);
        book.Record(Alice, PeerActivity.FirstDelivery, PeerKeys.Now, 10);
        Assert.Equal(10, book.Score(Alice, PeerKeys.Now + Minute - 1), 9);
        Assert.Equal(9, book.Score(Alice, PeerKeys.Now + Minute), 9);
        Assert.Equal(8.1, book.Score(Alice, PeerKeys.Now + 2 * Minute + 30_000), 9);
        Assert.Equal(10 * Math.Pow(0.9, 20), book.Score(Alice, PeerKeys.Now + 20 * Minute), 9);
    }

    [Fact]
    public void Counters_below_the_floor_become_zero()
    {
        var book = NewBook();
        book.Record(Alice, PeerActivity.FirstDelivery, PeerKeys.Now, 1);
        Assert.Equal(0, book.Score(Alice, PeerKeys.Now + 60 * Minute));
    }

    [Fact]
    public void Rewards_are_capped_so_old_merit_cannot_buy_unlimited_credit()
    {
        var book = NewBook();
        book.Record(Alice, PeerActivity.FirstDelivery, PeerKeys.Now, 1_000);
        book.Record(Alice, PeerActivity.RoutedReply, PeerKeys.Now, 1_000);
        book.Record(Alice, PeerActivity.SettledFee, PeerKeys.Now, 1_000_000);
        var p = new PeerScoreParams();
        var parts = book.Parts(Alice, PeerKeys.Now);
        Assert.Equal(p.FirstDeliveryCap * p.FirstDeliveryWeight, parts.FirstDeliveries);
        Assert.Equal(p.RoutedReplyCap * p.RoutedReplyWeight, parts.RoutedReplies);
        Assert.Equal(p.SettledFeeCapSat * p.SettledFeeWeightPerSat, parts.SettledFees);
        book.Record(Alice, PeerActivity.InvalidFrame, PeerKeys.Now, 5);
        Assert.True(book.IsGraylisted(Alice, PeerKeys.Now), "a capped record must not outweigh a habit of invalid frames");
    }

    [Fact]
    public void Invalid_frames_cost_the_square_of_their_count()
    {
        var book = NewBook();
        book.Record(Alice, PeerActivity.InvalidFrame, PeerKeys.Now);
        Assert.Equal(-10, book.Score(Alice, PeerKeys.Now));
        book.Record(Alice, PeerActivity.InvalidFrame, PeerKeys.Now);
        Assert.Equal(-40, book.Score(Alice, PeerKeys.Now));
    }

    [Fact]
    public void Thresholds_separate_forwarding_from_graylisting()
    {
        var book = NewBook();
        book.Record(Alice, PeerActivity.InvalidFrame, PeerKeys.Now);
        Assert.True(book.AcceptsGossip(Alice, PeerKeys.Now));
        book.Record(Alice, PeerActivity.AskTimeout, PeerKeys.Now);
        Assert.False(book.AcceptsGossip(Alice, PeerKeys.Now));
        Assert.False(book.IsGraylisted(Alice, PeerKeys.Now));
        book.Record(Alice, PeerActivity.InvalidFrame, PeerKeys.Now);
        Assert.True(book.IsGraylisted(Alice, PeerKeys.Now));
    }

    [Fact]
    public void Reconnecting_does_not_wash_away_a_bad_score()
    {
        var book = NewBook();
        book.Connected(Alice, "4:203.0", PeerKeys.Now);
        book.Record(Alice, PeerActivity.InvalidFrame, PeerKeys.Now, 3);
        book.Disconnected(Alice, PeerKeys.Now);
        Assert.Equal(0, book.ForgetExpired(PeerKeys.Now + Minute));
        book.Connected(Alice, "4:203.0", PeerKeys.Now + Minute);
        Assert.True(book.IsGraylisted(Alice, PeerKeys.Now + Minute));
    }

    [Fact]
    public void A_disconnected_peer_is_forgotten_after_the_retention()
    {
        var p = new PeerScoreParams();
        var book = NewBook(p);
        book.Connected(Alice, "4:203.0", PeerKeys.Now);
        book.Record(Alice, PeerActivity.RoutedReply, PeerKeys.Now);
        book.Disconnected(Alice, PeerKeys.Now);
        Assert.Equal(0, book.ForgetExpired(PeerKeys.Now + p.RetainScoreMs - 1));
        Assert.Equal(1, book.ForgetExpired(PeerKeys.Now + p.RetainScoreMs));
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void Crowding_one_network_group_costs_every_peer_in_it()
    {
        var book = NewBook();
        var sybils = Enumerable.Range(0, 4).Select(i => PeerKeys.Key($"sybil{i}").PublicKey).ToList();
        foreach (var s in sybils) book.Connected(s, "4:66.6", PeerKeys.Now);
        book.Connected(Alice, "4:203.0", PeerKeys.Now);
        Assert.All(sybils, s => Assert.Equal(-20, book.Parts(s, PeerKeys.Now).Colocation));
        Assert.Equal(0, book.Score(Alice, PeerKeys.Now));
        book.Disconnected(sybils[0], PeerKeys.Now);
        Assert.Equal(-5, book.Score(sybils[1], PeerKeys.Now));
        Assert.Equal(0, book.Score(sybils[0], PeerKeys.Now));
    }

    [Fact]
    public void Rank_puts_the_track_record_first_and_leaves_out_peers_below_the_gossip_threshold()
    {
        var book = NewBook();
        var carol = PeerKeys.Key("carol").PublicKey;
        book.Record(Alice, PeerActivity.FirstDelivery, PeerKeys.Now, 3);
        book.Record(Bob, PeerActivity.SettledFee, PeerKeys.Now, 100);
        book.Record(carol, PeerActivity.InvalidFrame, PeerKeys.Now, 2);
        Assert.Equal([Bob, Alice], book.Rank([Alice, Bob, carol], PeerKeys.Now));
        Assert.Equal(carol, book.Worst([Alice, Bob, carol], PeerKeys.Now));
        Assert.Null(book.Worst([], PeerKeys.Now));
    }

    [Fact]
    public void A_peer_this_node_dialled_gets_the_outbound_part_while_connected()
    {
        var book = NewBook();
        book.Connected(Alice, "4:203.0", PeerKeys.Now, outbound: true);
        book.Connected(Bob, "4:198.51", PeerKeys.Now);
        Assert.Equal(1, book.Parts(Alice, PeerKeys.Now).Outbound);
        Assert.Equal([Alice, Bob], book.Rank([Bob, Alice], PeerKeys.Now));
        book.Disconnected(Alice, PeerKeys.Now);
        Assert.Equal(0, book.Score(Alice, PeerKeys.Now));
    }

    [Fact]
    public void Recent_asks_are_counted_apart_from_the_score()
    {
        var book = NewBook();
        book.Record(Alice, PeerActivity.Ask, PeerKeys.Now, 30);
        Assert.Equal(0, book.Score(Alice, PeerKeys.Now));
        Assert.Equal(27, book.Parts(Alice, PeerKeys.Now + Minute).RecentAsks, 9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Parameters_that_invert_the_market_are_refused(double decay) =>
        Assert.Throws<ArgumentException>(() => NewBook(new PeerScoreParams { Decay = decay }));

    [Fact]
    public void A_penalty_weight_cannot_be_made_a_reward() =>
        Assert.Throws<ArgumentException>(() => NewBook(new PeerScoreParams { InvalidFrameWeight = 10 }));
}
