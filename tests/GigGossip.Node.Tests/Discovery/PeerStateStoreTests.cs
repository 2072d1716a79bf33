using GigGossip.Node.State;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;
using Microsoft.Data.Sqlite;

namespace GigGossip.Node.Tests.Discovery;

/// <summary>Discovery's tables in the node's state file: added to files from before them, saved whole, read back field for field.</summary>
public sealed class PeerStateStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("giggossip-peer-state-tests-");
    private readonly PublicKey _node = SecretKey.Generate().PublicKey;

    private string StatePath => Path.Combine(_directory.FullName, "state.db");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void A_state_file_from_before_discovery_gets_the_tables_and_keeps_its_rows()
    {
        using (var store = NodeStateStore.Open(StatePath, _node)) { }
        using (var connection = new SqliteConnection($"Data Source={StatePath};Pooling=False"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE peer_addresses; DROP TABLE peer_scores; DROP TABLE peer_anchors; INSERT INTO job_book (id, state) VALUES ('kept', '{}')";
            drop.ExecuteNonQuery();
        }

        using var reopened = NodeStateStore.Open(StatePath, _node);
        var loaded = reopened.LoadPeers();
        Assert.Empty(loaded.Addresses);
        Assert.Empty(loaded.Scores);
        Assert.Empty(loaded.Anchors);
        using var count = new SqliteConnection($"Data Source={StatePath};Pooling=False");
        count.Open();
        using var command = count.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM job_book WHERE id = 'kept'";
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public void Book_scores_and_anchors_load_back_and_a_save_replaces_the_last()
    {
        var key = SecretKey.Generate();
        var record = PeerRecord.Sign(key, "10.0.0.1:9735", 1_790_000_000_000);
        var address = new SavedAddress(record.NodeKey, record.Address, record.TimestampUnixMs, record.Signature, "4:10.9", true, 2, 1_790_000_001_000, 1_790_000_000_500);
        var score = new SavedPeerScore(key.PublicKey, 3, 1, 20, 2, 1, 7, 1_790_000_000_000, 1_790_000_002_000);
        var anchor = new SavedAnchor(key.PublicKey, record.Address, 0);
        using (var store = NodeStateStore.Open(StatePath, _node))
        {
            store.SavePeers(new SavedPeers([address], [score with { Peer = SecretKey.Generate().PublicKey }], []));
            store.SavePeers(new SavedPeers([address], [score], [anchor]));
        }

        using var reopened = NodeStateStore.Open(StatePath, _node);
        var loaded = reopened.LoadPeers();
        var back = Assert.Single(loaded.Addresses);
        Assert.Equal(address with { Signature = back.Signature }, back);
        Assert.Equal(record.Signature, back.Signature);
        Assert.Equal(PeerRecordVerdict.Valid, back.Record.Check(1_790_000_000_000, 60_000, 0));
        Assert.Equal(score, Assert.Single(loaded.Scores));
        Assert.Equal(anchor, Assert.Single(loaded.Anchors));
    }

    [Fact]
    public void A_peer_row_that_does_not_parse_is_refused_on_load_in_one_line()
    {
        using (NodeStateStore.Open(StatePath, _node)) { }
        using (var connection = new SqliteConnection($"Data Source={StatePath};Pooling=False"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO peer_scores (id, state) VALUES ('x', '{\"peer\": \"not a key\"}')";
            insert.ExecuteNonQuery();
        }

        using var store = NodeStateStore.Open(StatePath, _node);
        var refused = Assert.Throws<NodeStateException>(store.LoadPeers);
        Assert.Contains("peer row that does not parse", refused.Message);
    }

    [Fact]
    public void Scores_exported_and_imported_keep_their_penalties_and_decay_on_from_the_save()
    {
        var parameters = new PeerScoreParams();
        var peer = SecretKey.Generate().PublicKey;
        var scores = new PeerScoreBook(parameters);
        scores.Connected(peer, "4:10.0", 0, outbound: true);
        scores.Record(peer, PeerActivity.InvalidFrame, 0, 2);
        scores.Record(peer, PeerActivity.RoutedReply, 0);
        var saved = scores.Export(0);

        var restored = new PeerScoreBook(parameters);
        restored.Import(saved);

        var parts = restored.Parts(peer, 0);
        Assert.Equal(4 * parameters.InvalidFrameWeight, parts.InvalidFrames);
        Assert.Equal(parameters.RoutedReplyWeight, parts.RoutedReplies);
        Assert.Equal(0, parts.Outbound); // restored as disconnected
        Assert.Equal(parts.InvalidFrames * parameters.Decay * parameters.Decay, restored.Parts(peer, parameters.DecayIntervalMs).InvalidFrames, 6);
        Assert.Equal(1, restored.ForgetExpired(parameters.RetainScoreMs)); // the retention runs from the save
    }
}
