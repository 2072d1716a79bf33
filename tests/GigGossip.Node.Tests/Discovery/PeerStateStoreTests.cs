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
    [Fact]
    public void A_peers_delivery_misses_survive_a_restart_and_decay_on_from_the_save()
    {
        var parameters = new PeerScoreParams();
        var dropper = SecretKey.Generate().PublicKey;
        var honest = SecretKey.Generate().PublicKey;
        var scores = new PeerScoreBook(parameters);
        scores.Connected(dropper, "4:10.0", 0);
        scores.Connected(honest, "4:10.1", 0);
        scores.Record(dropper, PeerActivity.Delivery, 0); // in the mesh
        for (var i = 0; i < 6; i++) scores.BroadcastHeard(honest, 1_000 + i); // then misses six
        var before = scores.Parts(dropper, 10_000).DeliveryDeficit;
        Assert.Equal(9 * parameters.DeliveryDeficitWeight, before); // (6 - 3)^2 x weight
        using (var store = NodeStateStore.Open(StatePath, _node)) store.SavePeers(new SavedPeers([], scores.Export(10_000), []));

        using var reopened = NodeStateStore.Open(StatePath, _node);
        var saved = reopened.LoadPeers().Scores.Single(s => s.Peer.Equals(dropper));
        Assert.Equal(6, saved.Misses);
        var restored = new PeerScoreBook(parameters);
        restored.Import(reopened.LoadPeers().Scores);
        Assert.Equal(before, restored.Parts(dropper, 10_000).DeliveryDeficit);
        Assert.False(restored.AcceptsGossip(dropper, 10_000));
        var misses = 6 * parameters.Decay;
        Assert.Equal((misses - 3) * (misses - 3) * parameters.DeliveryDeficitWeight, restored.Parts(dropper, parameters.DecayIntervalMs).DeliveryDeficit, 9);
        Assert.Equal(0, restored.Parts(honest, 10_000).DeliveryDeficit);
    }

    [Fact]
    public void A_state_file_whose_scores_have_no_misses_column_gets_it_on_open_and_keeps_its_rows()
    {
        var peer = SecretKey.Generate().PublicKey;
        var score = new SavedPeerScore(peer, 3, 1, 20, 2, 1, 7, 1_790_000_000_000, 1_790_000_002_000);
        using (var store = NodeStateStore.Open(StatePath, _node)) store.SavePeers(new SavedPeers([], [score], []));
        using (var connection = new SqliteConnection($"Data Source={StatePath};Pooling=False"))
        {
            connection.Open();
            using var old = connection.CreateCommand(); // the table as the first discovery release made it
            old.CommandText = "CREATE TABLE old_scores AS SELECT id, state FROM peer_scores; DROP TABLE peer_scores; " +
                              "CREATE TABLE peer_scores (id TEXT PRIMARY KEY, state TEXT NOT NULL); INSERT INTO peer_scores SELECT id, state FROM old_scores; DROP TABLE old_scores";
            old.ExecuteNonQuery();
            Assert.DoesNotContain("misses", ColumnsOf(connection, "peer_scores"));
        }

        using (var reopened = NodeStateStore.Open(StatePath, _node))
        {
            Assert.Equal(score, Assert.Single(reopened.LoadPeers().Scores));
            reopened.SavePeers(new SavedPeers([], [score with { Misses = 4.5 }], []));
        }
        using (var connection = new SqliteConnection($"Data Source={StatePath};Pooling=False"))
        {
            connection.Open();
            Assert.Contains("misses", ColumnsOf(connection, "peer_scores"));
        }
        using var again = NodeStateStore.Open(StatePath, _node);
        Assert.Equal(4.5, Assert.Single(again.LoadPeers().Scores).Misses);
    }

    private static List<string> ColumnsOf(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns;
    }
}
