using System.Text.Json;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;

namespace GigGossip.Node.State;

/// <summary>
/// Peer discovery's state (issue #17): the address book, each peer's score counters and the anchors, a row per node
/// (JSON). Added after schema version 1 shipped, like the job book: an older file gets the tables on open; a score's
/// delivery misses came later still, in a column of their own added the same way. Saved whole (a book holds at most a
/// few thousand addresses), in one transaction.
/// </summary>
public sealed partial class NodeStateStore
{
    private const string AddressTable = "peer_addresses";
    private const string ScoreTable = "peer_scores";
    private const string AnchorTable = "peer_anchors";

    private const string MissesColumn = "misses";

    private void CreatePeerTables()
    {
        foreach (var table in new[] { AddressTable, ScoreTable, AnchorTable })
            Execute(null, $"CREATE TABLE IF NOT EXISTS {table} (id TEXT PRIMARY KEY, state TEXT NOT NULL)");
        // The delivery deficit's misses came after the table shipped: an older file gets the column on open, its rows with none.
        if (!Columns(ScoreTable).Contains(MissesColumn))
            Execute(null, $"ALTER TABLE {ScoreTable} ADD COLUMN {MissesColumn} REAL NOT NULL DEFAULT 0");
    }

    private HashSet<string> Columns(string table)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns;
    }

    private List<SavedPeerScore> ScoreRows()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT state, {MissesColumn} FROM {ScoreTable} ORDER BY id";
        using var reader = command.ExecuteReader();
        var scores = new List<SavedPeerScore>();
        while (reader.Read()) scores.Add(StateJson.Read<SavedPeerScore>(reader.GetString(0)) with { Misses = reader.GetDouble(1) });
        return scores;
    }

    /// <summary>What discovery saved last.</summary>
    /// <exception cref="NodeStateException">A row does not parse.</exception>
    public SavedPeers LoadPeers()
    {
        try
        {
            return new SavedPeers(
                Rows(AddressTable).Select(StateJson.Read<SavedAddress>).ToList(),
                ScoreRows(),
                Rows(AnchorTable).Select(StateJson.Read<SavedAnchor>).OrderBy(a => a.Rank).ToList());
        }
        catch (JsonException e)
        {
            throw new NodeStateException($"state file {_connection.DataSource} holds a peer row that does not parse: {e.Message}", e);
        }
    }

    /// <summary>Replaces the saved address book, scores and anchors in one transaction.</summary>
    public void SavePeers(SavedPeers peers)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var table in new[] { AddressTable, ScoreTable, AnchorTable }) Execute(transaction, $"DELETE FROM {table}");
        void Insert(string table, string id, string json) =>
            Execute(transaction, $"INSERT INTO {table} (id, state) VALUES ($id, $state) ON CONFLICT (id) DO UPDATE SET state = excluded.state", ("$id", id), ("$state", json));
        foreach (var a in peers.Addresses) Insert(AddressTable, a.NodeKey.ToHex(), StateJson.Write(a));
        foreach (var s in peers.Scores)
            Execute(transaction, $"INSERT INTO {ScoreTable} (id, state, {MissesColumn}) VALUES ($id, $state, $misses) " +
                $"ON CONFLICT (id) DO UPDATE SET state = excluded.state, {MissesColumn} = excluded.{MissesColumn}",
                ("$id", s.Peer.ToHex()), ("$state", StateJson.Write(s)), ("$misses", s.Misses));
        foreach (var a in peers.Anchors) Insert(AnchorTable, a.Node.ToHex(), StateJson.Write(a));
        transaction.Commit();
    }
}

/// <summary>Discovery's saved state.</summary>
public sealed record SavedPeers(IReadOnlyList<SavedAddress> Addresses, IReadOnlyList<SavedPeerScore> Scores, IReadOnlyList<SavedAnchor> Anchors)
{
    public static SavedPeers Empty { get; } = new([], [], []);
}

/// <summary>An address book entry: the signed record and how connecting to it went.</summary>
public sealed record SavedAddress(PublicKey NodeKey, string Address, long TimestampUnixMs, byte[] Signature, string SourceGroup,
    bool Tried, int FailedAttempts, long LastAttemptUnixMs, long LastSuccessUnixMs)
{
    public static SavedAddress Of(AddressEntry e) => new(e.Record.NodeKey, e.Record.Address, e.Record.TimestampUnixMs, e.Record.Signature,
        e.SourceGroup, e.Tried, e.FailedAttempts, e.LastAttemptUnixMs, e.LastSuccessUnixMs);

    public PeerRecord Record => new(NodeKey, Address, TimestampUnixMs, Signature);
}

/// <summary>An outbound peer to dial first after a restart (best-scored first).</summary>
public sealed record SavedAnchor(PublicKey Node, string Address, int Rank);
