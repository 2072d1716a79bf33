using Microsoft.Data.Sqlite;

namespace GigGossip.Payments.Storage;

/// <summary>
/// One SQLite connection with parameterised statements and one transaction per change, shared by the ledger and
/// the HTLC wallet. Transactions do not nest; statements run inside the open one, if any.
/// </summary>
public abstract class SqliteDatabase(SqliteConnection connection, string owner) : IDisposable
{
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
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public long ScalarLong(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value) : 0;
    }

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    public void Dispose()
    {
        Connection.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Called after a transaction's change and before its commit.</summary>
    protected virtual void BeforeCommit()
    {
    }

    private SqliteCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
