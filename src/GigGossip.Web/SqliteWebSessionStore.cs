using Microsoft.Data.Sqlite;

namespace GigGossip.Web;

/// <summary>
/// Browser sessions kept in the host's own SQLite file (the node's state.db, the settler's settler.db), in a table of
/// their own: only the SHA-256 hash of each session id and its expiry, so a copy of the file signs nobody in. Sessions
/// survive a restart; ended, revoked and expired ones are deleted.
/// </summary>
public sealed class SqliteWebSessionStore : IWebSessionStore
{
    private const string Table = "web_sessions";
    private readonly string _connectionString;
    private readonly Lock _gate = new();

    /// <exception cref="SqliteException">The file cannot be opened or the table made.</exception>
    public SqliteWebSessionStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 5 }.ToString();
        Execute($"CREATE TABLE IF NOT EXISTS {Table} (hash TEXT PRIMARY KEY, expires_unix_ms INTEGER NOT NULL)");
    }

    public IReadOnlyList<(string Hash, DateTimeOffset ExpiresAt)> Load(DateTimeOffset now)
    {
        lock (_gate)
        {
            using var connection = Open();
            using (var purge = connection.CreateCommand())
            {
                purge.CommandText = $"DELETE FROM {Table} WHERE expires_unix_ms <= $now";
                purge.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                purge.ExecuteNonQuery();
            }
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT hash, expires_unix_ms FROM {Table}";
            using var reader = command.ExecuteReader();
            var sessions = new List<(string, DateTimeOffset)>();
            while (reader.Read()) sessions.Add((reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))));
            return sessions;
        }
    }

    public void Save(string hash, DateTimeOffset expiresAt) =>
        Execute($"INSERT INTO {Table} (hash, expires_unix_ms) VALUES ($hash, $expires) ON CONFLICT (hash) DO UPDATE SET expires_unix_ms = excluded.expires_unix_ms",
            ("$hash", hash), ("$expires", expiresAt.ToUnixTimeMilliseconds()));

    public void Delete(string hash) => Execute($"DELETE FROM {Table} WHERE hash = $hash", ("$hash", hash));

    public void DeleteAll() => Execute($"DELETE FROM {Table}");

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            command.ExecuteNonQuery();
        }
    }
}

/// <summary>Where <see cref="WebSessions"/> keeps session hashes beyond the process (none: memory only).</summary>
public interface IWebSessionStore
{
    /// <summary>The live sessions (hash, expiry), forgetting those expired by <paramref name="now"/>.</summary>
    IReadOnlyList<(string Hash, DateTimeOffset ExpiresAt)> Load(DateTimeOffset now);

    void Save(string hash, DateTimeOffset expiresAt);

    void Delete(string hash);

    void DeleteAll();
}
