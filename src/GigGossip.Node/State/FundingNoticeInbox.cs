using Microsoft.Data.Sqlite;

namespace GigGossip.Node.State;

/// <summary>
/// Funding notices for this node's wallet, kept in the node's state file (table <c>funding_notices</c>) from the moment
/// they arrive until the wallet has taken or refused them: a node killed between a payer's notice and the settlement, or
/// whose bitcoind did not answer when the notice came, hands the notice to its wallet when it runs again. Its own
/// connection to the state file, so the peer loops that receive notices never share the engine's connection.
/// </summary>
public sealed class FundingNoticeInbox : IDisposable
{
    private readonly object _gate = new();
    private readonly SqliteConnection _connection;

    private FundingNoticeInbox(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the inbox in the state file at <paramref name="path"/> (already opened and checked by <see cref="NodeStateStore"/>).</summary>
    public static FundingNoticeInbox Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        try
        {
            connection.Open();
            var inbox = new FundingNoticeInbox(connection);
            inbox.Execute("PRAGMA synchronous = FULL");
            inbox.Execute("CREATE TABLE IF NOT EXISTS funding_notices (notice TEXT PRIMARY KEY, received_at INTEGER NOT NULL)");
            return inbox;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new NodeStateException($"state file {path} cannot keep funding notices: {e.Message}", e);
        }
    }

    /// <summary>Keeps a notice (once: the same notice again is the same row), durably before it returns.</summary>
    public void Add(string notice, long receivedAtUnixMs) =>
        Execute("INSERT OR IGNORE INTO funding_notices (notice, received_at) VALUES ($notice, $at)", ("$notice", notice), ("$at", receivedAtUnixMs));

    /// <summary>Forgets a notice the wallet took or refused for good.</summary>
    public void Remove(string notice) => Execute("DELETE FROM funding_notices WHERE notice = $notice", ("$notice", notice));

    /// <summary>The notices the wallet has not taken yet, oldest first.</summary>
    public IReadOnlyList<string> Pending()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT notice FROM funding_notices ORDER BY received_at, notice";
            using var reader = command.ExecuteReader();
            var notices = new List<string>();
            while (reader.Read()) notices.Add(reader.GetString(0));
            return notices;
        }
    }

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            command.ExecuteNonQuery();
        }
    }
}
