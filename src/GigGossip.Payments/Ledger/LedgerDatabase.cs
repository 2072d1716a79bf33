using GigGossip.Payments.Storage;
using Microsoft.Data.Sqlite;

namespace GigGossip.Payments.Ledger;

/// <summary>
/// The ledger's one SQLite connection: parameterised statements, one transaction per state change, and the
/// journal's only write path (<see cref="Move"/>), which records a movement and updates both balances.
/// </summary>
internal sealed class LedgerDatabase(SqliteConnection connection) : SqliteDatabase(connection, "ledger")
{
    /// <summary>Test hook: called between the statements of every transaction, to take crash images or to crash.</summary>
    public Action<string>? CrashPoint { get; set; }

    public void Step(string label) => CrashPoint?.Invoke(label);

    /// <summary>Journals one movement and applies it to both balances (inside the caller's transaction).</summary>
    public void Move(MovementKind kind, string debit, string credit, long amountMsat, byte[]? paymentSecret, DateTimeOffset now)
    {
        if (!InsideTransaction) throw new InvalidOperationException("money moves only inside a transaction");
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

    protected override void BeforeCommit() => Step("commit");
}
