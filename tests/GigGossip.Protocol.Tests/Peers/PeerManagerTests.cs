using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;

namespace GigGossip.Protocol.Tests.Peers;

public class PeerManagerTests
{
    private const long Minute = 60_000;
    private static readonly PeerManagerOptions Options = new() { OutboundQuota = 4, MaxInbound = 6, Anchors = 2 };

    private static PeerManager NewManager(PeerManagerOptions? options = null, string? listen = "203.0.113.1:9735") =>
        new(PeerKeys.Key("self"), listen, new AddressBook([9, 9], new AddressBookOptions(), PeerKeys.Key("self").PublicKey),
            new PeerScoreBook(new PeerScoreParams()), options ?? Options, new Random(1));

    private static PeerRecord Honest(int i, long at = PeerKeys.Now) => PeerKeys.Record($"honest{i}", $"{20 + i}.{i}.0.1:9735", at);

    private static List<T> Of<T>(IEnumerable<PeerManagerEffect> effects) => effects.OfType<T>().ToList();

    /// <summary>Connects every dial the manager asked for; returns the nodes dialled.</summary>
    private static List<PublicKey> ConnectDials(PeerManager manager, IEnumerable<PeerManagerEffect> effects, long now)
    {
        var dials = Of<PeerManagerEffect.Dial>(effects);
        foreach (var dial in dials) manager.PeerUp(dial.Node, dial.Address, inbound: false, now);
        return dials.Select(d => d.Node).ToList();
    }

    [Fact]
    public void Bootstrap_peers_lead_to_a_full_outbound_quota_in_distinct_groups()
    {
        var manager = NewManager();
        var seed = Honest(0);
        manager.AddBootstrap(seed.NodeKey, seed.Address);
        var dial = Assert.Single(Of<PeerManagerEffect.Dial>(manager.Tick(PeerKeys.Now)));
        Assert.Equal(seed.NodeKey, dial.Node);

        var up = manager.PeerUp(seed.NodeKey, seed.Address, inbound: false, PeerKeys.Now);
        Assert.Equal(seed.NodeKey, Assert.Single(Of<PeerManagerEffect.RequestRecords>(up)).Peer);
        Assert.Equal("203.0.113.1:9735", Assert.Single(Assert.Single(Of<PeerManagerEffect.SendRecords>(up)).Records).Address);

        manager.RecordsReceived(seed.NodeKey, [seed, .. Enumerable.Range(1, 10).Select(i => Honest(i))], PeerKeys.Now);
        Assert.True(manager.Book.Find(seed.NodeKey)!.Tried);
        var dialled = ConnectDials(manager, manager.Tick(PeerKeys.Now + 10_000), PeerKeys.Now + 10_000);
        Assert.Equal(3, dialled.Count);
        Assert.Equal(4, manager.Outbound);
        Assert.Equal(4, manager.Connected.Values.Select(c => c.Group).Distinct().Count());
    }

    [Fact]
    public void A_node_that_loses_all_its_peers_finds_others_in_its_book()
    {
        var manager = NewManager();
        var first = Enumerable.Range(0, 4).Select(i => Honest(i)).ToList();
        foreach (var r in first) manager.AddBootstrap(r.NodeKey, r.Address);
        ConnectDials(manager, manager.Tick(PeerKeys.Now), PeerKeys.Now);
        manager.RecordsReceived(first[0].NodeKey, Enumerable.Range(4, 8).Select(i => Honest(i)).ToList(), PeerKeys.Now);

        foreach (var r in first) manager.PeerDown(r.NodeKey, PeerKeys.Now + Minute);
        var later = PeerKeys.Now + 2 * Minute;
        var retries = Of<PeerManagerEffect.Dial>(manager.Tick(later));
        Assert.Equal(first.Select(r => r.NodeKey), retries.Select(d => d.Node));
        foreach (var d in retries) manager.DialFailed(d.Node, later);

        var found = ConnectDials(manager, manager.Tick(later + 10_000), later + 10_000);
        Assert.Equal(4, found.Count);
        Assert.Equal(4, manager.Outbound);
        Assert.All(found, k => Assert.DoesNotContain(first, r => r.NodeKey.Equals(k)));
    }

    [Fact]
    public void An_inbound_flood_from_one_group_evicts_its_own_members_not_the_honest_peers()
    {
        var manager = NewManager();
        var honest = Enumerable.Range(0, 3).Select(i => Honest(i)).ToList();
        foreach (var r in honest) manager.PeerUp(r.NodeKey, r.Address, inbound: true, PeerKeys.Now);
        var evicted = new List<PublicKey>();
        for (var i = 0; i < 50; i++)
        {
            var sybil = PeerKeys.Key($"sybil{i}").PublicKey;
            var effects = manager.PeerUp(sybil, $"66.6.0.{i + 1}:4{i:000}", inbound: true, PeerKeys.Now + i);
            foreach (var d in Of<PeerManagerEffect.Disconnect>(effects))
            {
                evicted.Add(d.Peer);
                manager.PeerDown(d.Peer, PeerKeys.Now + i);
            }
        }
        Assert.Equal(47, evicted.Count);
        Assert.False(manager.AcceptsInbound(evicted[0], PeerKeys.Now + 50), "an evicted peer may not come straight back");
        Assert.True(manager.AcceptsInbound(evicted[0], PeerKeys.Now + Options.DialBackoffMs + 50));
        Assert.All(honest, r => Assert.True(manager.Connected.ContainsKey(r.NodeKey)));
        Assert.Equal(6, manager.Inbound);
    }

    [Fact]
    public void A_graylisted_peer_is_dropped_and_not_dialled_again()
    {
        var manager = NewManager();
        var bad = Honest(0);
        manager.AddBootstrap(bad.NodeKey, bad.Address);
        ConnectDials(manager, manager.Tick(PeerKeys.Now), PeerKeys.Now);
        manager.Scores.Record(bad.NodeKey, PeerActivity.InvalidFrame, PeerKeys.Now, 3);
        var drop = Assert.Single(Of<PeerManagerEffect.Disconnect>(manager.Tick(PeerKeys.Now + 10_000)));
        Assert.Equal(bad.NodeKey, drop.Peer);
        Assert.Contains("graylist", drop.Reason);
        manager.PeerDown(bad.NodeKey, PeerKeys.Now + 10_000);
        Assert.Empty(Of<PeerManagerEffect.Dial>(manager.Tick(PeerKeys.Now + 20 * Minute)));
    }

    [Fact]
    public void The_worst_outbound_peer_is_replaced_after_its_grace_only_when_others_earn()
    {
        var manager = NewManager();
        var peers = Enumerable.Range(0, 4).Select(i => Honest(i)).ToList();
        foreach (var r in peers) manager.AddBootstrap(r.NodeKey, r.Address);
        ConnectDials(manager, manager.Tick(PeerKeys.Now), PeerKeys.Now);
        manager.RecordsReceived(peers[0].NodeKey, Enumerable.Range(4, 8).Select(i => Honest(i)).ToList(), PeerKeys.Now);

        Assert.Empty(Of<PeerManagerEffect.Disconnect>(manager.Tick(PeerKeys.Now + 6 * Minute)));

        for (var i = 0; i < 3; i++) manager.Scores.Record(peers[i].NodeKey, PeerActivity.FirstDelivery, PeerKeys.Now + 6 * Minute, 5);
        Assert.Empty(Of<PeerManagerEffect.Disconnect>(manager.Tick(PeerKeys.Now + 6 * Minute + 1_000)));
        var prune = Assert.Single(Of<PeerManagerEffect.Disconnect>(manager.Tick(PeerKeys.Now + 7 * Minute + 1_000)));
        Assert.Equal(peers[3].NodeKey, prune.Peer);
        Assert.StartsWith("pruned", prune.Reason);
    }

    [Fact]
    public void A_new_outbound_peer_has_its_grace_before_it_can_be_pruned()
    {
        var manager = NewManager();
        var peers = Enumerable.Range(0, 4).Select(i => Honest(i)).ToList();
        foreach (var r in peers) manager.AddBootstrap(r.NodeKey, r.Address);
        ConnectDials(manager, manager.Tick(PeerKeys.Now), PeerKeys.Now);
        for (var i = 0; i < 3; i++) manager.Scores.Record(peers[i].NodeKey, PeerActivity.FirstDelivery, PeerKeys.Now, 5);
        Assert.Empty(Of<PeerManagerEffect.Disconnect>(manager.Tick(PeerKeys.Now + 4 * Minute)));
    }

    [Fact]
    public void The_best_outbound_peers_are_the_anchors_and_are_dialled_first_after_a_restart()
    {
        var manager = NewManager();
        var peers = Enumerable.Range(0, 4).Select(i => Honest(i)).ToList();
        foreach (var r in peers) manager.AddBootstrap(r.NodeKey, r.Address);
        ConnectDials(manager, manager.Tick(PeerKeys.Now), PeerKeys.Now);
        manager.Scores.Record(peers[2].NodeKey, PeerActivity.RoutedReply, PeerKeys.Now, 2);
        manager.Scores.Record(peers[3].NodeKey, PeerActivity.FirstDelivery, PeerKeys.Now, 1);
        var anchors = manager.Anchors(PeerKeys.Now);
        Assert.Equal([peers[2].NodeKey, peers[3].NodeKey], anchors.Select(a => a.Node));

        var restarted = NewManager(Options with { OutboundQuota = 2 });
        restarted.AddBootstrap(peers[0].NodeKey, peers[0].Address);
        restarted.RestoreAnchors(anchors);
        Assert.Equal(anchors.Select(a => a.Node), Of<PeerManagerEffect.Dial>(restarted.Tick(PeerKeys.Now)).Select(d => d.Node));
    }

    [Fact]
    public void Address_requests_are_answered_once_per_interval_with_our_own_record()
    {
        var manager = NewManager();
        var asker = Honest(0);
        manager.PeerUp(asker.NodeKey, asker.Address, inbound: true, PeerKeys.Now);
        manager.RecordsReceived(asker.NodeKey, Enumerable.Range(1, 5).Select(i => Honest(i)).ToList(), PeerKeys.Now);
        var answer = Assert.Single(Of<PeerManagerEffect.SendRecords>(manager.RecordsRequested(asker.NodeKey, PeerKeys.Now)));
        Assert.Equal(PeerKeys.Key("self").PublicKey, answer.Records[0].NodeKey);
        Assert.Equal(6, answer.Records.Count);
        Assert.Empty(manager.RecordsRequested(asker.NodeKey, PeerKeys.Now + 1_000));
        Assert.Single(manager.RecordsRequested(asker.NodeKey, PeerKeys.Now + Minute));
        Assert.Empty(manager.RecordsRequested(PeerKeys.Key("stranger").PublicKey, PeerKeys.Now));
    }

    [Fact]
    public void Forged_records_and_oversized_answers_cost_the_peer_that_sent_them()
    {
        var manager = NewManager();
        var liar = Honest(0);
        manager.PeerUp(liar.NodeKey, liar.Address, inbound: true, PeerKeys.Now);
        var forged = Honest(1) with { Address = "66.6.6.6:9735" };
        manager.RecordsReceived(liar.NodeKey, [forged], PeerKeys.Now);
        Assert.Null(manager.Book.Find(forged.NodeKey));
        Assert.Equal(-10, manager.Scores.Score(liar.NodeKey, PeerKeys.Now));

        var flood = Enumerable.Range(2, Options.RecordsPerExchange + 10).Select(i => Honest(i)).ToList();
        manager.RecordsReceived(liar.NodeKey, flood, PeerKeys.Now);
        Assert.Equal(Options.RecordsPerExchange, manager.Book.Count);
        Assert.False(manager.Scores.AcceptsGossip(liar.NodeKey, PeerKeys.Now));
        manager.RecordsReceived(liar.NodeKey, [Honest(100)], PeerKeys.Now);
        Assert.Null(manager.Book.Find(Honest(100).NodeKey));
    }

    [Fact]
    public void A_node_that_does_not_listen_advertises_nothing()
    {
        var manager = NewManager(listen: null);
        var peer = Honest(0);
        Assert.Empty(Of<PeerManagerEffect.SendRecords>(manager.PeerUp(peer.NodeKey, peer.Address, inbound: false, PeerKeys.Now)));
        Assert.Null(manager.OwnRecord(PeerKeys.Now));
    }
}
