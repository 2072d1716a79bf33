using Microsoft.Data.Sqlite;

namespace GigGossip.Payments.Storage;

/// <summary>
/// One SQLite connection with parameterised statements and one transaction per change, shared by the ledger and
/// the HTLC wallet. Transactions do not nest; statements run inside the open one, if any. Each statement text keeps one
/// prepared command, reused while no other call holds it (SQLite parsed every statement anew on every call: a twentieth of a
/// large simulation's event loop).
/// </summary>
public abstract class SqliteDatabase(SqliteConnection connection, string owner) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly HashSet<SqliteCommand> _inUse = [];
    private SqliteTransaction? _transaction;

    public SqliteConnection Connection { get; } = connection;

    /// <summary>True while <see cref="InTransaction{T}"/> runs.</summary>
    protected bool InsideTransaction => _transaction is not null;

    /// <summary>Runs <paramref name="change"/> in one transaction: all of it commits or none of it does.</summary>
    public T InTransaction<T>(Func<T> change)
    {
        if (_transaction is not null) throw new InvalidOperationException($"{owner} transactions do not nest");
        _transaction = Connection.BeginTransaction();
        try
        {
            var result = change();
            BeforeCommit();
            _transaction.Commit();
            return result;
        }
        finally
        {
            _transaction.Dispose();
            _transaction = null;
        }
    }

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql, parameters);
        try
        {
            return command.ExecuteNonQuery();
        }
        finally
        {
            Release(command);
        }
    }

    public long ScalarLong(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql, parameters);
        try
        {
            return command.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value) : 0;
        }
        finally
        {
            Release(command);
        }
    }

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        var command = Command(sql, parameters);
        try
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(read(reader));
            return rows;
        }
        finally
        {
            Release(command);
        }
    }

    public void Dispose()
    {
        lock (_prepared)
        {
            foreach (var command in _prepared.Values) command.Dispose();
            _prepared.Clear();
        }
        Connection.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Called after a transaction's change and before its commit.</summary>
    protected virtual void BeforeCommit()
    {
    }

    /// <summary>The statement's prepared command, or a new one while another call still holds it (a statement run from a reader's row).</summary>
    private SqliteCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        SqliteCommand command;
        lock (_prepared)
        {
            if (!_prepared.TryGetValue(sql, out command!))
            {
                command = Connection.CreateCommand();
                command.CommandText = sql;
                _prepared[sql] = command;
            }
            else if (_inUse.Contains(command))
            {
                command = Connection.CreateCommand();
                command.CommandText = sql;
            }
            _inUse.Add(command);
        }
        command.Transaction = _transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private void Release(SqliteCommand command)
    {
        lock (_prepared)
        {
            _inUse.Remove(command);
            if (_prepared.TryGetValue(command.CommandText, out var kept) && ReferenceEquals(kept, command)) return;
        }
        command.Dispose();
    }
}
