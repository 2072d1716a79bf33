using GigGossip.Node.Hosting;
using GigGossip.Node.State;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using Microsoft.Data.Sqlite;

namespace GigGossip.Node.Tests;

/// <summary>The job book lives in the node's state file: a restart keeps every line and goes on following its payments.</summary>
public sealed class JobBookPersistenceTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("giggossip-jobbook-tests-");
    private readonly PublicKey _node = SecretKey.Generate().PublicKey;
    private static readonly byte[] NetworkHash = [.. Enumerable.Repeat((byte)1, 32)];
    private static readonly byte[] ReplyHash = [.. Enumerable.Repeat((byte)2, 32)];

    private string StatePath => Path.Combine(_directory.FullName, "state.db");

    private static Offer Offer() => new("offer1", "request1", NetworkHash, "lnbcrt1network", 3_000, 1_000, "lnbcrt1reply", ReplyHash, 25_000_000,
        "http://settler.test/", SecretKey.Generate().PublicKey, [5, 6, 7], 1_790_000_000_000);

    private static void Save(NodeStateStore store, JobBook book)
    {
        var (changed, removed) = book.TakeChanges();
        store.SaveJobs(changed, removed);
    }

    [Fact]
    public void A_paid_request_reloaded_from_the_state_file_settles_when_its_payments_do()
    {
        var book = new JobBook();
        using (var store = NodeStateStore.Open(StatePath, _node))
        {
            book.Observe(new BroadcastStarted("request1"), 10, () => []);
            book.Observe(new OfferReceived(Offer()), 11, () => []);
            book.Observe(new OfferPaid("offer1"), 12, () => []);
            book.Observe(new ContactRevealed("offer1", "request1", SecretKey.Generate().PublicKey, "call 555-0100", 25_000_000), 13, () => []);
            Save(store, book);
        }

        var restarted = new JobBook();
        using (var store = NodeStateStore.Open(StatePath, _node))
        {
            restarted.Restore(store.LoadJobs());
            restarted.Observe(new MoneySettled(NetworkHash, Incoming: false, 3_000), 20, () => []);
            Assert.Equal(JobStates.Revealed, restarted.StateOf("request1"));
            restarted.Observe(new MoneySettled(ReplyHash, Incoming: false, 25_000_000), 21, () => []);
            Save(store, restarted);
        }

        var job = Assert.Single(restarted.List());
        Assert.Equal(JobStates.Settled, job.State);
        Assert.Equal(25_000_000, job.PriceMsat);
        Assert.Equal(3_000, job.NetworkMsat);
        Assert.Equal("call 555-0100", job.Contact);
        using var again = NodeStateStore.Open(StatePath, _node);
        var saved = Assert.Single(again.LoadJobs());
        Assert.Equal(JobStates.Settled, saved.Entry.State);
        Assert.Equal((10, 21), (saved.Entry.CreatedAtUnixMs, saved.Entry.UpdatedAtUnixMs));
    }

    [Fact]
    public void A_routed_reply_that_became_a_taken_job_is_one_line_after_a_restart()
    {
        var book = new JobBook();
        using (var store = NodeStateStore.Open(StatePath, _node))
        {
            book.Observe(new ReplyRouted(NetworkHash, 3_000, 1_000), 1, () => []);
            Save(store, book);
            book.Observe(new ReplySent("request1", NetworkHash), 2, () => []);
            Save(store, book);
        }

        using var reopened = NodeStateStore.Open(StatePath, _node);
        var line = Assert.Single(reopened.LoadJobs());
        Assert.Equal((JobStates.Worker, "request1", 1_000L), (line.Entry.Role, line.Entry.Id, line.Entry.FeeMsat));
    }

    [Fact]
    public void A_state_file_from_before_the_job_book_opens_with_its_money_state_and_an_empty_book()
    {
        using (var store = NodeStateStore.Open(StatePath, _node)) Assert.Empty(store.LoadJobs());
        using (var connection = new SqliteConnection($"Data Source={StatePath};Pooling=False"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE job_book";
            drop.ExecuteNonQuery();
        }

        using var reopened = NodeStateStore.Open(StatePath, _node);

        Assert.Empty(reopened.LoadJobs());
        Assert.True(reopened.Load().IsEmpty);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
