using Microsoft.Data.Sqlite;

namespace GigGossip.Payments.Ledger;

/// <summary>The ledger's tables. Version 1: accounts with balances, invoices, and the double-entry journal.</summary>
internal static class LedgerSchema
{
    public const int Version = 1;

    private const string CreateSql = """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE accounts (
            id           TEXT PRIMARY KEY,
            balance_msat INTEGER NOT NULL CHECK (balance_msat >= 0 OR id = '$genesis'),
            created_at   INTEGER NOT NULL
        );
        CREATE TABLE invoices (
            payment_secret BLOB PRIMARY KEY CHECK (length(payment_secret) = 32),
            issuer         TEXT NOT NULL REFERENCES accounts(id),
            payment_hash   BLOB NOT NULL CHECK (length(payment_hash) = 32),
            amount_msat    INTEGER NOT NULL CHECK (amount_msat > 0),
            description    TEXT NOT NULL,
            bolt11         TEXT NOT NULL,
            created_at     INTEGER NOT NULL,
            expires_at     INTEGER NOT NULL,
            min_final_cltv INTEGER NOT NULL,
            state          INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
            payer          TEXT REFERENCES accounts(id),
            accepted_at    INTEGER,
            hold_deadline  INTEGER,
            preimage       BLOB,
            cancel_reason  INTEGER,
            resolved_at    INTEGER,
            UNIQUE (issuer, payment_hash)
        );
        CREATE INDEX invoices_by_payer ON invoices (payer, payment_hash);
        CREATE INDEX invoices_by_state ON invoices (state, expires_at, hold_deadline);
        CREATE TABLE movements (
            id             INTEGER PRIMARY KEY,
            at             INTEGER NOT NULL,
            kind           INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),
            debit_account  TEXT NOT NULL REFERENCES accounts(id),
            credit_account TEXT NOT NULL REFERENCES accounts(id),
            amount_msat    INTEGER NOT NULL CHECK (amount_msat > 0),
            payment_secret BLOB REFERENCES invoices(payment_secret),
            CHECK (debit_account <> credit_account)
        );
        CREATE INDEX movements_by_invoice ON movements (payment_secret);
        """ + IndexSql;

    /// <summary>Indexes the audit's per-account sums need (added after version 1 shipped; created on open when missing).</summary>
    private const string IndexSql = """
        CREATE INDEX IF NOT EXISTS movements_by_credit ON movements (credit_account);
        CREATE INDEX IF NOT EXISTS movements_by_debit ON movements (debit_account);
        """;

    /// <summary>Brings a version-1 ledger's indexes up to date; the tables are unchanged.</summary>
    public static void EnsureIndexes(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = IndexSql;
        command.ExecuteNonQuery();
    }

    /// <summary>Opens (creating if asked) a ledger database with WAL and foreign keys on.</summary>
    public static SqliteConnection Connect(string dataSource, bool create, bool syncEveryCommit)
    {
        var onDisk = dataSource != ":memory:";
        if (!create && onDisk && !File.Exists(dataSource))
            throw new LedgerFileException($"ledger file '{dataSource}' does not exist");
        var created = false;
        try
        {
            if (onDisk) created = Storage.PrivateDatabaseFile.Prepare(dataSource, "ledger file");
        }
        catch (Storage.DatabaseFileException e)
        {
            throw new LedgerFileException(e.Message, e);
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = dataSource,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            if (onDisk && !created) Storage.PrivateDatabaseFile.CheckIntegrity(connection, dataSource, "ledger file");
            Pragma(connection, "journal_mode = WAL");
            Pragma(connection, $"synchronous = {(syncEveryCommit ? "FULL" : "NORMAL")}");
            Pragma(connection, "foreign_keys = ON");
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new LedgerFileException($"'{dataSource}' is not a SQLite database ({e.Message})", e);
        }
        catch (Storage.DatabaseFileException e)
        {
            connection.Dispose();
            throw new LedgerFileException(e.Message, e);
        }
    }

    /// <summary>The schema version of an open database: 0 when it has no tables yet.</summary>
    public static int ReadVersion(SqliteConnection connection)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version";
            var version = Convert.ToInt32(command.ExecuteScalar());
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            var objects = Convert.ToInt32(command.ExecuteScalar());
            return version == 0 && objects > 0 ? -1 : version;
        }
        catch (SqliteException e)
        {
            throw new LedgerFileException($"'{connection.DataSource}' is not a SQLite database ({e.Message})", e);
        }
    }

    /// <summary>Fails unless the database is a ledger of this schema version.</summary>
    public static void RequireLedger(SqliteConnection connection)
    {
        var version = ReadVersion(connection);
        if (version != Version)
            throw new LedgerFileException(version switch
            {
                0 => $"'{connection.DataSource}' is an empty database, not a Gig-gossip ledger",
                -1 => $"'{connection.DataSource}' is a SQLite database but not a Gig-gossip ledger",
                _ => $"'{connection.DataSource}' is a ledger of schema version {version}; this build reads version {Version}",
            });
    }

    public static void Create(SqliteConnection connection, IReadOnlyDictionary<string, string> meta, DateTimeOffset now)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CreateSql;
        command.ExecuteNonQuery();
        foreach (var (key, value) in meta)
        {
            command.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value)";
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$value", value);
            command.ExecuteNonQuery();
        }
        foreach (var system in new[] { LedgerAccounts.Genesis, LedgerAccounts.Held })
        {
            command.CommandText = "INSERT INTO accounts (id, balance_msat, created_at) VALUES ($id, 0, $now)";
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$id", system);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
        command.CommandText = $"PRAGMA user_version = {Version}";
        command.Parameters.Clear();
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static void Pragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma;
        command.ExecuteNonQuery();
    }
}
