using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;

namespace GigGossip.Protocol.Tests.Peers;

public class AddressBookTests
{
    private static readonly byte[] Salt = [1, 2, 3, 4];
    private static readonly IReadOnlySet<PublicKey> NoKeys = new HashSet<PublicKey>();
    private static readonly IReadOnlySet<string> NoGroups = new HashSet<string>();

    private static AddressBook NewBook(AddressBookOptions? options = null) => new(Salt, options ?? new AddressBookOptions());

    /// <summary>200 honest nodes in distinct /16s, each heard of from a distinct honest source.</summary>
    private static List<PeerRecord> Honest(AddressBook book, int count = 200)
    {
        var records = Enumerable.Range(0, count).Select(i => PeerKeys.Record($"honest{i}", $"{10 + i / 200}.{i % 200}.0.1:9735")).ToList();
        for (var i = 0; i < count; i++) Assert.Equal(AddressBookOutcome.Added, book.Add(records[i], $"{100 + i / 200}.{i % 200}.9.9:9735", PeerKeys.Now));
        return records;
    }

    /// <summary>One operator with one /16 advertises <paramref name="count"/> nodes of its own, all from its own source.</summary>
    private static void Flood(AddressBook book, int count)
    {
        for (var i = 0; i < count; i++) book.Add(PeerKeys.Record($"sybil{i}", $"66.6.{i / 250}.{i % 250 + 1}:9735"), "66.6.0.1:9735", PeerKeys.Now);
    }

    [Fact]
    public void One_operators_flood_fills_only_its_few_buckets()
    {
        var book = NewBook();
        var honest = Honest(book);
        Flood(book, 2_000);

        var options = new AddressBookOptions();
        var sybils = book.Entries.Count(e => e.Group == "4:66.6");
        Assert.InRange(sybils, 1, options.BucketSize);
        var kept = honest.Count(r => book.Find(r.NodeKey) is not null);
        Assert.True(kept >= 190, $"the flood pushed out {200 - kept} honest addresses");
    }

    [Fact]
    public void Outbound_picks_rarely_land_on_the_flooding_operator()
    {
        var book = NewBook();
        Honest(book);
        Flood(book, 2_000);
        var picks = Enumerable.Range(0, 1_000).Select(seed => book.Select(new Random(seed), NoKeys, NoGroups)!).ToList();
        var sybilShare = picks.Count(e => e.Group == "4:66.6") / 1_000.0;
        Assert.True(sybilShare < 0.05, $"sybil share of outbound picks {sybilShare:F2}");
    }

    [Fact]
    public void One_group_holds_at_most_its_tried_buckets()
    {
        var book = NewBook();
        for (var i = 0; i < 500; i++)
        {
            var record = PeerKeys.Record($"sybil{i}", $"66.6.{i / 250}.{i % 250 + 1}:9735");
            book.Add(record, $"{i % 200}.1.0.1:9735", PeerKeys.Now);
            book.MarkGood(record.NodeKey, PeerKeys.Now);
        }
        var options = new AddressBookOptions();
        Assert.True(book.TriedCount <= options.TriedBucketsPerGroup * options.BucketSize, $"tried {book.TriedCount}");
        Assert.Equal(book.Count, book.TriedCount + book.NewCount);
    }

    [Fact]
    public void A_newer_record_moves_a_node_and_an_older_one_changes_nothing()
    {
        var book = NewBook();
        var alice = PeerKeys.Key("alice");
        Assert.Equal(AddressBookOutcome.Added, book.Add(PeerRecord.Sign(alice, "203.0.113.7:9735", PeerKeys.Now), "198.51.100.1:1", PeerKeys.Now));
        Assert.Equal(AddressBookOutcome.Known, book.Add(PeerRecord.Sign(alice, "192.0.2.1:9735", PeerKeys.Now - 1), "198.51.100.1:1", PeerKeys.Now));
        Assert.Equal("203.0.113.7:9735", book.Find(alice.PublicKey)!.Record.Address);
        Assert.Equal(AddressBookOutcome.Updated, book.Add(PeerRecord.Sign(alice, "192.0.2.1:9735", PeerKeys.Now + 1), "198.51.100.1:1", PeerKeys.Now + 1));
        Assert.Equal("192.0.2.1:9735", book.Find(alice.PublicKey)!.Record.Address);
        Assert.Equal(1, book.Count);
    }

    [Fact]
    public void Forged_stale_and_own_records_are_not_stored()
    {
        var self = PeerKeys.Key("self");
        var book = new AddressBook(Salt, new AddressBookOptions(), self.PublicKey);
        var forged = PeerKeys.Record("mallory", "198.51.100.66:9735") with { NodeKey = PeerKeys.Key("alice").PublicKey };
        Assert.Equal(AddressBookOutcome.Refused, book.Add(forged, "198.51.100.66:1", PeerKeys.Now));
        var stale = PeerKeys.Record("bob", "203.0.113.9:9735", PeerKeys.Now - new AddressBookOptions().MaxRecordAgeMs - 1);
        Assert.Equal(AddressBookOutcome.Refused, book.Add(stale, "198.51.100.66:1", PeerKeys.Now));
        Assert.Equal(AddressBookOutcome.Ours, book.Add(PeerRecord.Sign(self, "203.0.113.1:9735", PeerKeys.Now), "198.51.100.66:1", PeerKeys.Now));
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void Selection_skips_connected_nodes_and_groups_already_used()
    {
        var book = NewBook();
        var a = PeerKeys.Record("a", "203.0.1.1:1");
        var b = PeerKeys.Record("b", "203.0.2.2:1");
        var c = PeerKeys.Record("c", "198.51.1.1:1");
        foreach (var r in new[] { a, b, c }) book.Add(r, "192.0.2.1:1", PeerKeys.Now);
        for (var seed = 0; seed < 50; seed++)
        {
            var pick = book.Select(new Random(seed), new HashSet<PublicKey> { c.NodeKey }, NoGroups);
            Assert.NotEqual(c.NodeKey, pick!.Record.NodeKey);
            Assert.Equal(c.NodeKey, book.Select(new Random(seed), NoKeys, new HashSet<string> { "4:203.0" })!.Record.NodeKey);
        }
        Assert.Null(book.Select(new Random(1), new HashSet<PublicKey> { c.NodeKey }, new HashSet<string> { "4:203.0" }));
    }

    [Fact]
    public void A_full_bucket_gives_up_the_address_that_keeps_failing()
    {
        var book = NewBook(new AddressBookOptions { NewBuckets = 1, NewBucketsPerSourceGroup = 1, BucketSize = 3 });
        var records = Enumerable.Range(0, 3).Select(i => PeerKeys.Record($"n{i}", $"{20 + i}.0.0.1:1", PeerKeys.Now + i)).ToList();
        foreach (var r in records) book.Add(r, "192.0.2.1:1", PeerKeys.Now + 10);
        for (var i = 0; i < 3; i++) book.MarkFailed(records[2].NodeKey, PeerKeys.Now + 10);
        book.Add(PeerKeys.Record("late", "30.0.0.1:1", PeerKeys.Now + 5), "192.0.2.1:1", PeerKeys.Now + 10);
        Assert.Null(book.Find(records[2].NodeKey));
        Assert.NotNull(book.Find(records[0].NodeKey));
        Assert.Equal(3, book.Count);
    }

    [Fact]
    public void Restored_entries_keep_their_table()
    {
        var book = NewBook();
        var records = Honest(book, 20);
        book.MarkGood(records[0].NodeKey, PeerKeys.Now);
        var copy = NewBook();
        foreach (var entry in book.Entries)
            copy.Restore(new AddressEntry(entry.Record, entry.Group, entry.SourceGroup) { Tried = entry.Tried, LastSuccessUnixMs = entry.LastSuccessUnixMs });
        Assert.Equal(20, copy.Count);
        Assert.Equal(1, copy.TriedCount);
        Assert.True(copy.Find(records[0].NodeKey)!.Tried);
    }

    [Fact]
    public void Stale_records_are_forgotten_and_samples_are_distinct()
    {
        var book = NewBook();
        Honest(book, 30);
        var sample = book.Sample(new Random(7), 10);
        Assert.Equal(10, sample.Count);
        Assert.Equal(10, sample.Select(r => r.NodeKey).Distinct().Count());
        Assert.Equal(30, book.Sample(new Random(7), 100).Count);
        Assert.Equal(30, book.ForgetStale(PeerKeys.Now + new AddressBookOptions().MaxRecordAgeMs + 1));
        Assert.Equal(0, book.Count);
    }

    [Fact]
    public void Unusable_options_are_refused() =>
        Assert.Throws<ArgumentException>(() => NewBook(new AddressBookOptions { NewBucketsPerSourceGroup = 0 }));
}
