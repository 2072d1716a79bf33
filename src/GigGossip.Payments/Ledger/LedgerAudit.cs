using GigGossip.Protocol.Bolt11;
using System.Security.Cryptography;

namespace GigGossip.Payments.Ledger;

/// <summary>
/// Checks a ledger's invariants: every balance equals its journal; all balances (genesis and held included)
/// sum to zero, so user balances plus held equal the money funded; only genesis is negative; held equals the
/// Accepted invoices; each invoice's movements match its state (none when Open, one hold when Accepted, hold
/// and settle when Settled with a preimage whose SHA256 is the hash, hold and refund when Cancelled after
/// payment); money enters only by funding from genesis; no payer has two live payments on one hash.
/// </summary>
public static class LedgerAudit
{
    /// <summary>Audits a ledger file without changing it.</summary>
    /// <exception cref="LedgerFileException">the file is missing, not SQLite, or not a ledger.</exception>
    public static LedgerAuditReport CheckFile(string path)
    {
        using var db = new LedgerDatabase(LedgerSchema.Connect(path, create: false, syncEveryCommit: true));
        LedgerSchema.RequireLedger(db.Connection);
        return Run(db);
    }

    internal static LedgerAuditReport Run(LedgerDatabase db)
    {
        var problems = new List<string>();
        var accounts = db.Query("""
            SELECT a.id, a.balance_msat,
                   coalesce((SELECT sum(amount_msat) FROM movements WHERE credit_account = a.id), 0)
                 - coalesce((SELECT sum(amount_msat) FROM movements WHERE debit_account = a.id), 0)
            FROM accounts a
            """, r => (Id: r.GetString(0), Balance: r.GetInt64(1), Journal: r.GetInt64(2)));
        foreach (var a in accounts.Where(a => a.Balance != a.Journal))
            problems.Add($"account {a.Id} has balance {a.Balance} msat but its journal sums to {a.Journal} msat");
        foreach (var a in accounts.Where(a => a.Balance < 0 && a.Id != LedgerAccounts.Genesis))
            problems.Add($"account {a.Id} has a negative balance ({a.Balance} msat)");
        var total = accounts.Aggregate(Int128.Zero, (sum, a) => sum + a.Balance);
        if (total != 0) problems.Add($"balances of all accounts sum to {total} msat, not 0: money was created or destroyed");

        var genesis = accounts.Single(a => a.Id == LedgerAccounts.Genesis).Balance;
        var held = accounts.Single(a => a.Id == LedgerAccounts.Held).Balance;
        if (genesis > 0) problems.Add($"genesis account is positive ({genesis} msat): money left the ledger without being funded");
        var acceptedSum = db.ScalarLong("SELECT sum(amount_msat) FROM invoices WHERE state = 1");
        if (held != acceptedSum) problems.Add($"held account has {held} msat but Accepted invoices total {acceptedSum} msat");

        CheckInvoices(db, problems);
        CheckMovements(db, problems);

        var users = accounts.Where(a => !a.Id.StartsWith('$')).ToList();
        var byState = Enum.GetValues<InvoiceState>().ToDictionary(s => s, s => (int)db.ScalarLong("SELECT count(*) FROM invoices WHERE state = $s", ("$s", (int)s)));
        var totals = new LedgerTotals(-genesis, users.Sum(a => a.Balance), held, users.Count,
            (int)db.ScalarLong("SELECT count(*) FROM movements"), byState);
        return new LedgerAuditReport(totals, problems);
    }

    private static void CheckInvoices(LedgerDatabase db, List<string> problems)
    {
        var rows = db.Query($"""
            SELECT {InvoiceRow.Columns},
                (SELECT count(*) FROM movements m WHERE m.payment_secret = i.payment_secret),
                (SELECT count(*) FROM movements m WHERE m.payment_secret = i.payment_secret AND m.kind = 2
                    AND m.debit_account = i.payer AND m.credit_account = '$held' AND m.amount_msat = i.amount_msat),
                (SELECT count(*) FROM movements m WHERE m.payment_secret = i.payment_secret AND m.kind = 3
                    AND m.debit_account = '$held' AND m.credit_account = i.issuer AND m.amount_msat = i.amount_msat),
                (SELECT count(*) FROM movements m WHERE m.payment_secret = i.payment_secret AND m.kind = 4
                    AND m.debit_account = '$held' AND m.credit_account = i.payer AND m.amount_msat = i.amount_msat)
            FROM invoices i
            """, r => (Row: InvoiceRow.Read(r), All: r.GetInt64(16), Hold: r.GetInt64(17), Settle: r.GetInt64(18), Refund: r.GetInt64(19)));
        foreach (var (row, all, hold, settle, refund) in rows)
        {
            var expected = row.State switch
            {
                InvoiceState.Open => (0L, 0L, 0L, 0L),
                InvoiceState.Accepted => (1L, 1L, 0L, 0L),
                InvoiceState.Settled => (2L, 1L, 1L, 0L),
                _ when row.Payer is null => (0L, 0L, 0L, 0L),
                _ => (2L, 1L, 0L, 1L),
            };
            var name = Convert.ToHexStringLower(row.PaymentSecret);
            if ((all, hold, settle, refund) != expected)
                problems.Add($"invoice {name} is {row.State} but has {all} movements (hold {hold}, settle {settle}, refund {refund})");
            var paid = row.Payer is not null;
            if (paid != (row.HoldDeadline is not null) || (row.State == InvoiceState.Open && paid) || (row.State is InvoiceState.Accepted or InvoiceState.Settled && !paid))
                problems.Add($"invoice {name} is {row.State} but its payer is {(paid ? "set" : "missing")} and its hold deadline {(row.HoldDeadline is null ? "missing" : "set")}");
            if (row.State == InvoiceState.Settled && (row.Preimage is null || !SHA256.HashData(row.Preimage).AsSpan().SequenceEqual(row.PaymentHash)))
                problems.Add($"invoice {name} is Settled without a preimage of its payment hash");
            if (row.State != InvoiceState.Settled && row.Preimage is not null)
                problems.Add($"invoice {name} is {row.State} but records a preimage");
        }
        var duplicates = db.ScalarLong("""
            SELECT count(*) FROM (SELECT 1 FROM invoices WHERE state IN (1, 2) GROUP BY payer, payment_hash HAVING count(*) > 1)
            """);
        if (duplicates > 0) problems.Add($"{duplicates} payer(s) have more than one live payment on the same payment hash");
    }

    private static void CheckMovements(LedgerDatabase db, List<string> problems)
    {
        var badFunding = db.ScalarLong("""
            SELECT count(*) FROM movements
            WHERE (kind = 1) <> (debit_account = '$genesis') OR credit_account = '$genesis'
               OR (kind = 1) <> (payment_secret IS NULL)
            """);
        if (badFunding > 0) problems.Add($"{badFunding} movement(s) create money other than by funding from genesis, or return money to genesis");
    }
}
