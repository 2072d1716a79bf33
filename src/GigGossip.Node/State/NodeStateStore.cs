using System.Text.Json;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Payments.Storage;
using Microsoft.Data.Sqlite;

namespace GigGossip.Node.State;

/// <summary>
/// The node's money state in one SQLite file: a row per pending route, accepted offer and taken job, each the
/// JSON of its record. <see cref="Save"/> writes only the rows that changed since the last save, all in one
/// transaction, with a full fsync (the state is what lets a restarted node settle what it owes and is owed).
/// The file remembers whose it is: opening another node's state is refused. The job book (what `giggossip jobs` shows)
/// is kept in the same file, a row per line (<see cref="SaveJobs"/>); its table is added to older files when they are opened.
/// </summary>
public sealed partial class NodeStateStore : IDisposable
{
    private const int SchemaVersion = 1;
    private static readonly string[] Tables = ["routes", "sender_jobs", "replier_jobs"];
    private const string JobTable = "job_book";

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, Dictionary<string, string>> _saved = Tables.ToDictionary(t => t, _ => new Dictionary<string, string>());

    private NodeStateStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (or creates) the state file of the node <paramref name="nodeId"/>.</summary>
    /// <exception cref="NodeStateException">The file is not SQLite, belongs to another node, or has another schema.</exception>
    public static NodeStateStore Open(string path, PublicKey nodeId)
    {
        bool created;
        try
        {
            created = PrivateDatabaseFile.Prepare(path, "state file");
        }
        catch (DatabaseFileException e)
        {
            throw new NodeStateException(e.Message, e);
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            connection.Open();
            if (!created) PrivateDatabaseFile.CheckIntegrity(connection, path, "state file");
            var store = new NodeStateStore(connection);
            store.Initialise(nodeId, path);
            return store;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new NodeStateException($"state file {path} cannot be used: {e.Message}", e);
        }
        catch (DatabaseFileException e)
        {
            connection.Dispose();
            throw new NodeStateException(e.Message, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>What was saved last, as the engine exported it.</summary>
    /// <exception cref="NodeStateException">A row does not parse.</exception>
    public NodeMoneyState Load()
    {
        try
        {
            return new NodeMoneyState(
                Rows("routes").Select(StateJson.Read<RouteState>).ToList(),
                Rows("sender_jobs").Select(StateJson.Read<SenderJobState>).ToList(),
                Rows("replier_jobs").Select(StateJson.Read<ReplierJobState>).ToList());
        }
        catch (JsonException e)
        {
            throw new NodeStateException($"state file {_connection.DataSource} holds a row that does not parse: {e.Message}", e);
        }
    }

    /// <summary>Writes the rows that differ from the last save in one transaction; false when nothing changed.</summary>
    public bool Save(NodeMoneyState state)
    {
        var wanted = new Dictionary<string, Dictionary<string, string>>
        {
            ["routes"] = state.Routes.ToDictionary(r => Convert.ToHexStringLower(r.PaymentHash), StateJson.Write),
            ["sender_jobs"] = state.SenderJobs.ToDictionary(j => j.Offer.PayloadId, StateJson.Write),
            ["replier_jobs"] = state.ReplierJobs.ToDictionary(j => j.PayloadId, StateJson.Write),
        };
        if (Tables.All(t => SameRows(_saved[t], wanted[t]))) return false;
        using (var transaction = _connection.BeginTransaction())
        {
            foreach (var table in Tables)
            {
                foreach (var gone in _saved[table].Keys.Where(k => !wanted[table].ContainsKey(k)))
                    Execute(transaction, $"DELETE FROM {table} WHERE id = $id", ("$id", gone));
                foreach (var (id, json) in wanted[table].Where(w => !_saved[table].TryGetValue(w.Key, out var old) || old != w.Value))
                    Execute(transaction, $"INSERT INTO {table} (id, state) VALUES ($id, $state) ON CONFLICT (id) DO UPDATE SET state = excluded.state", ("$id", id), ("$state", json));
            }
            transaction.Commit();
        }
        foreach (var table in Tables) _saved[table] = wanted[table];
        return true;
    }

    /// <summary>The job book's lines as last saved, oldest first.</summary>
    /// <exception cref="NodeStateException">A row does not parse.</exception>
    public IReadOnlyList<Hosting.JobRecord> LoadJobs()
    {
        try
        {
            return [.. Pairs(JobTable).Select(p => StateJson.Read<Hosting.JobRecord>(p.Json)).OrderBy(r => r.Entry.CreatedAtUnixMs)];
        }
        catch (JsonException e)
        {
            throw new NodeStateException($"state file {_connection.DataSource} holds a job book row that does not parse: {e.Message}", e);
        }
    }

    /// <summary>Writes changed job book lines and deletes removed ones, in one transaction.</summary>
    public void SaveJobs(IReadOnlyList<Hosting.JobRecord> changed, IReadOnlyList<string> removed)
    {
        if (changed.Count == 0 && removed.Count == 0) return;
        using var transaction = _connection.BeginTransaction();
        foreach (var key in removed) Execute(transaction, $"DELETE FROM {JobTable} WHERE id = $id", ("$id", key));
        foreach (var record in changed)
            Execute(transaction, $"INSERT INTO {JobTable} (id, state) VALUES ($id, $state) ON CONFLICT (id) DO UPDATE SET state = excluded.state", ("$id", record.Key), ("$state", StateJson.Write(record)));
        transaction.Commit();
    }

    public void Dispose() => _connection.Dispose();

    private void Initialise(PublicKey nodeId, string path)
    {
        Execute(null, "PRAGMA journal_mode = WAL");
        Execute(null, "PRAGMA synchronous = FULL");
        Execute(null, "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        foreach (var table in Tables) Execute(null, $"CREATE TABLE IF NOT EXISTS {table} (id TEXT PRIMARY KEY, state TEXT NOT NULL)");
        // Added after schema version 1 shipped: an older file gets the table on open; nothing else of it changes.
        Execute(null, $"CREATE TABLE IF NOT EXISTS {JobTable} (id TEXT PRIMARY KEY, state TEXT NOT NULL)");
        CreatePeerTables();
        var owner = Meta("node_id");
        if (owner is null)
        {
            Execute(null, "INSERT INTO meta (key, value) VALUES ('node_id', $id), ('schema_version', $version)", ("$id", nodeId.ToHex()), ("$version", SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        else if (owner != nodeId.ToHex())
        {
            throw new NodeStateException($"state file {path} belongs to node {owner}, not to this node {nodeId.ToHex()}");
        }
        var version = Meta("schema_version");
        if (version != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new NodeStateException($"state file {path} has schema version {version}; this node reads version {SchemaVersion}");
        foreach (var table in Tables)
            foreach (var (id, json) in Pairs(table)) _saved[table][id] = json;
    }

    private string? Meta(string key)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    private IEnumerable<string> Rows(string table) => Pairs(table).Select(p => p.Json);

    private List<(string Id, string Json)> Pairs(string table)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT id, state FROM {table} ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    private void Execute(SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private static bool SameRows(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
}
