using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Storage;
using GigGossip.Settler.Tests.Support;

namespace GigGossip.Settler.Tests;

/// <summary>The same checks against each store: what is saved is what is loaded, and updates replace.</summary>
public abstract class SettlerStoreTests
{
    protected abstract Task<string> DatabaseAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Saved_state_loads_back_after_reopening()
    {
        var database = await DatabaseAsync();
        var key = SecretKey.Generate();
        var subject = SecretKey.Generate().PublicKey;
        var reply = new SettlerReplyRecord(new byte[32], subject, key.PublicKey, "0011", null, false, false, false);
        var job = new SettlerJobRecord(Enumerable.Repeat((byte)7, 32).ToArray(), reply.PaymentHash, false, false, SettlerJobState.Locking);
        await using (var store = await SettlerStores.OpenAsync(database, Ct))
        {
            var empty = await store.LoadAsync(Ct);
            Assert.Null(empty.Key);
            Assert.True(empty.Engine.IsEmpty);
            await store.SaveIdentityAsync(key, "http://settler.test", Ct);
            await store.SaveAsync(new SettlerChanges
            {
                Subjects = [new SettlerSubjectRecord(subject, new Dictionary<string, byte[]> { ["driving_licence"] = [1] })],
                Certificates = [new StoredCertificate(new byte[16], subject, [9, 9], false)],
                Engine = new SettlerEngineState([reply], [job]),
                TimersSet = [new StoredTimer("lock:aa", 5), new StoredTimer("dispute:aa", 6)],
            }, Ct);
            await store.SaveAsync(new SettlerChanges
            {
                Certificates = [new StoredCertificate(new byte[16], subject, [9, 9], true)],
                Engine = new SettlerEngineState([reply with { ReplyInvoice = "lnbcrt1x", Accepted = true }], [job with { KeyRevealed = true, State = SettlerJobState.Settled }]),
                TimersFired = ["lock:aa"],
            }, Ct);
        }

        await using var reopened = await SettlerStores.OpenAsync(database, Ct);
        var loaded = await reopened.LoadAsync(Ct);
        Assert.Equal(key.PublicKey, loaded.Key!.PublicKey);
        Assert.Equal("http://settler.test", loaded.Uri);
        Assert.Equal([1], Assert.Single(loaded.Subjects).Properties["driving_licence"]);
        Assert.True(Assert.Single(loaded.Certificates).Revoked);
        var loadedReply = Assert.Single(loaded.Engine.Replies);
        Assert.Equal(("lnbcrt1x", true, subject), (loadedReply.ReplyInvoice, loadedReply.Accepted, loadedReply.Replier));
        var loadedJob = Assert.Single(loaded.Engine.Jobs);
        Assert.Equal((true, SettlerJobState.Settled), (loadedJob.KeyRevealed, loadedJob.State));
        Assert.Equal(job.NetworkPreimage, loadedJob.NetworkPreimage);
        Assert.Equal("dispute:aa", Assert.Single(loaded.Timers).Id);
    }

    [Fact]
    public async Task Job_naming_an_unsaved_reply_is_refused()
    {
        await using var store = await SettlerStores.OpenAsync(await DatabaseAsync(), Ct);
        await store.LoadAsync(Ct);
        var orphan = new SettlerJobRecord(new byte[32], new byte[32], false, false, SettlerJobState.Locking);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.SaveAsync(new SettlerChanges { Engine = new SettlerEngineState([], [orphan]) }, Ct));
    }
}

public sealed class SqliteSettlerStoreTests : SettlerStoreTests, IDisposable
{
    private readonly TempDir _dir = new();

    protected override Task<string> DatabaseAsync() => Task.FromResult(_dir.File("settler.db"));

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresSettlerStoreTests(PostgresFixture postgres) : SettlerStoreTests
{
    protected override Task<string> DatabaseAsync() => postgres.DatabaseAsync();

    [Theory]
    [InlineData("postgres://")]
    [InlineData("postgres://u:secret@host/db?bogus=1")]
    public void Malformed_postgres_uri_is_refused_without_showing_the_password(string uri)
    {
        var refused = Assert.Throws<SettlerStoreException>(() => PostgresUri.ToConnectionString(uri));
        Assert.DoesNotContain("secret", refused.Message);
    }
}
