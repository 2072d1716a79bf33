using GigGossip.Node.State;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using Microsoft.Data.Sqlite;

namespace GigGossip.Node.Tests;

public sealed class NodeStateStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("giggossip-state-tests-");
    private readonly PublicKey _node = SecretKey.Generate().PublicKey;

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    [Fact]
    public void Saved_money_state_loads_back_field_for_field()
    {
        var state = Sample();
        using (var store = NodeStateStore.Open(PathOf("state.db"), _node)) Assert.True(store.Save(state));

        using var reopened = NodeStateStore.Open(PathOf("state.db"), _node);
        var loaded = reopened.Load();

        var route = Assert.Single(loaded.Routes);
        Assert.Equal(state.Routes[0].PaymentHash, route.PaymentHash);
        Assert.Equal(state.Routes[0] with { PaymentHash = route.PaymentHash }, route);
        var sent = Assert.Single(loaded.SenderJobs);
        Assert.Equal(state.SenderJobs[0].SignedRequest, sent.SignedRequest);
        Assert.Equal(state.SenderJobs[0].NetworkPreimage, sent.NetworkPreimage);
        Assert.Equal(state.SenderJobs[0].Offer.EncryptedReplyPayload, sent.Offer.EncryptedReplyPayload);
        Assert.Equal(state.SenderJobs[0].Offer.SettlerPublicKey, sent.Offer.SettlerPublicKey);
        Assert.Equal(state.SenderJobs[0].Offer.PriceMsat, sent.Offer.PriceMsat);
        var taken = Assert.Single(loaded.ReplierJobs);
        Assert.Equal(state.ReplierJobs[0].ReplyPayload, taken.ReplyPayload);
        Assert.Equal(state.ReplierJobs[0].Sender, taken.Sender);
        Assert.Equal(state.ReplierJobs[0].SettlerUri, taken.SettlerUri);
    }

    [Fact]
    public void Save_writes_only_when_something_changed_and_forgets_what_is_finished()
    {
        using var store = NodeStateStore.Open(PathOf("state.db"), _node);
        var state = Sample();

        Assert.True(store.Save(state));
        Assert.False(store.Save(state));
        Assert.True(store.Save(state with { Routes = [state.Routes[0] with { PaidDownstream = false }] }));
        Assert.True(store.Save(state with { Routes = [], ReplierJobs = [] }));

        var loaded = store.Load();
        Assert.Empty(loaded.Routes);
        Assert.Empty(loaded.ReplierJobs);
        Assert.Single(loaded.SenderJobs);
    }

    [Fact]
    public void State_file_of_another_node_is_refused()
    {
        using (NodeStateStore.Open(PathOf("state.db"), _node)) { }

        var refused = Assert.Throws<NodeStateException>(() => NodeStateStore.Open(PathOf("state.db"), SecretKey.Generate().PublicKey));
        Assert.Contains($"belongs to node {_node}", refused.Message);
    }

    [Fact]
    public void File_that_is_not_sqlite_is_refused()
    {
        File.WriteAllText(PathOf("state.db"), "this is not a database, just some text that is long enough to be read as a header");

        Assert.Throws<NodeStateException>(() => NodeStateStore.Open(PathOf("state.db"), _node));
    }

    [Fact]
    public void Row_that_does_not_parse_is_refused_on_load()
    {
        using (NodeStateStore.Open(PathOf("state.db"), _node)) { }
        using (var connection = new SqliteConnection($"Data Source={PathOf("state.db")};Pooling=False"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO routes (id, state) VALUES ('x', '{\"paymentHash\": 12}')";
            insert.ExecuteNonQuery();
        }

        using var store = NodeStateStore.Open(PathOf("state.db"), _node);
        Assert.Throws<NodeStateException>(store.Load);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static NodeMoneyState Sample()
    {
        var settler = SecretKey.Generate().PublicKey;
        var offer = new Offer("offer1", "payload1", [1, 2], "lnbcrt1network", 3_000, 1_000, "lnbcrt1reply", [3, 4], 25_000_000,
            "http://settler.test/", settler, [5, 6, 7], 1_790_000_000_000);
        return new NodeMoneyState(
            [new RouteState([9, 9], "lnbcrt1downstream", 2_000, 3_000, SecretKey.Generate().PublicKey, PaidDownstream: true)],
            [new SenderJobState([8, 8], 1_790_000_010_000, offer, [7, 7], NetworkPaymentResolved: true, ReplyPaymentResolved: false)],
            [new ReplierJobState("payload2", [6, 6], SecretKey.Generate().PublicKey, [5, 5], "lnbcrt1replyinvoice", [4, 4], 25_000_000, "http://settler.test/")]);
    }
}
