using Microsoft.Data.Sqlite;

namespace GigGossip.Payments.Ledger;

/// <summary>
/// The ledger's one SQLite connection: parameterised statements, one transaction per state change, and the
/// journal's only write path (<see cref="Move"/>), which records a movement and updates both balances.
/// </summary>
internal sealed class LedgerDatabase(SqliteConnection connection) : IDisposable
{
    private SqliteTransaction? _transaction;

    public SqliteConnection Connection { get; } = connection;

    /// <summary>Test hook: called between the statements of every transaction, to take crash images or to crash.</summary>
    public Action<string>? CrashPoint { get; set; }

    /// <summary>Runs <paramref name="change"/> in one transaction: all of it commits or none of it does.</summary>
    public T InTransaction<T>(Func<T> change)
    {
        if (_transaction is not null) throw new InvalidOperationException("ledger transactions do not nest");
        _transaction = Connection.BeginTransaction();
        try
        {
            var result = change();
            Step("commit");
            _transaction.Commit();
            return result;
        }
        finally
        {
            _transaction.Dispose();
            _transaction = null;
        }
    }

    public void Step(string label) => CrashPoint?.Invoke(label);

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

    /// <summary>Journals one movement and applies it to both balances (inside the caller's transaction).</summary>
    public void Move(MovementKind kind, string debit, string credit, long amountMsat, byte[]? paymentSecret, DateTimeOffset now)
    {
        if (_transaction is null) throw new InvalidOperationException("money moves only inside a transaction");
        Execute("""
            INSERT INTO movements (at, kind, debit_account, credit_account, amount_msat, payment_secret)
            VALUES ($at, $kind, $debit, $credit, $amount, $secret)
            """,
            ("$at", now.ToUnixTimeMilliseconds()), ("$kind", (int)kind), ("$debit", debit), ("$credit", credit),
            ("$amount", amountMsat), ("$secret", paymentSecret));
        Step($"{kind}: journalled");
        Execute("UPDATE accounts SET balance_msat = balance_msat - $amount WHERE id = $id", ("$amount", amountMsat), ("$id", debit));
        Step($"{kind}: debited");
        Execute("UPDATE accounts SET balance_msat = balance_msat + $amount WHERE id = $id", ("$amount", amountMsat), ("$id", credit));
        Step($"{kind}: credited");
    }

    public void Dispose() => Connection.Dispose();

    private SqliteCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
