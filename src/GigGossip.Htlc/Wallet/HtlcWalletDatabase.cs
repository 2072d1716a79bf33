using GigGossip.Payments.Storage;
using Microsoft.Data.Sqlite;

namespace GigGossip.Htlc.Wallet;

/// <summary>The HTLC wallet's one SQLite connection: its tables, parameterised statements and one transaction per change.</summary>
internal sealed class HtlcWalletDatabase(SqliteConnection connection) : SqliteDatabase(connection, "wallet")
{
    public const int Version = 1;

    private const string CreateSql = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE blocks (height INTEGER PRIMARY KEY, hash TEXT NOT NULL);
        CREATE TABLE coins (
            txid     TEXT NOT NULL,
            vout     INTEGER NOT NULL,
            value    INTEGER NOT NULL CHECK (value > 0),
            height   INTEGER,
            own      INTEGER NOT NULL CHECK (own IN (0, 1)),
            spent_by TEXT,
            PRIMARY KEY (txid, vout)
        );
        CREATE TABLE invoices (
            payment_hash   BLOB PRIMARY KEY CHECK (length(payment_hash) = 32),
            payment_secret BLOB NOT NULL UNIQUE,
            amount_msat    INTEGER NOT NULL CHECK (amount_msat > 0),
            description    TEXT NOT NULL,
            bolt11         TEXT NOT NULL,
            created_at     INTEGER NOT NULL,
            expires_at     INTEGER NOT NULL,
            min_final_cltv INTEGER NOT NULL,
            state          INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
            witness_script BLOB,
            funding_txid   TEXT,
            funding_vout   INTEGER,
            funding_value  INTEGER,
            hold_deadline  INTEGER,
            preimage       BLOB,
            cancel_reason  INTEGER,
            claim_hex      TEXT,
            resolved_at    INTEGER
        );
        CREATE TABLE notices (
            payment_hash   BLOB NOT NULL REFERENCES invoices(payment_hash),
            witness_script BLOB NOT NULL,
            funding_txid   TEXT NOT NULL,
            funding_vout   INTEGER NOT NULL,
            PRIMARY KEY (payment_hash, funding_txid, funding_vout)
        );
        CREATE TABLE payments (
            id             INTEGER PRIMARY KEY,
            payment_hash   BLOB NOT NULL CHECK (length(payment_hash) = 32),
            payment_secret BLOB NOT NULL,
            amount_msat    INTEGER NOT NULL,
            bolt11         TEXT NOT NULL,
            state          INTEGER NOT NULL CHECK (state BETWEEN 0 AND 2),
            witness_script BLOB NOT NULL,
            funding_hex    TEXT NOT NULL,
            funding_txid   TEXT NOT NULL,
            funding_vout   INTEGER NOT NULL,
            locktime       INTEGER NOT NULL,
            hold_deadline  INTEGER NOT NULL,
            preimage       BLOB,
            refund_hex     TEXT,
            resolved_at    INTEGER
        );
        CREATE TABLE outbox (
            txid   TEXT PRIMARY KEY,
            hex    TEXT NOT NULL,
            height INTEGER
        );
        CREATE INDEX payments_by_hash ON payments (payment_hash);
        CREATE INDEX payments_by_funding ON payments (funding_txid, funding_vout);
        CREATE INDEX invoices_by_funding ON invoices (funding_txid, funding_vout);
        """;

    /// <summary>Opens the file (":memory:" for none), creating the tables with <paramref name="meta"/> when it is empty.</summary>
    public static HtlcWalletDatabase Open(string dataSource, Func<IReadOnlyDictionary<string, string>> meta)
    {
        var onDisk = dataSource != ":memory:";
        bool created;
        try
        {
            created = onDisk && PrivateDatabaseFile.Prepare(dataSource, "HTLC wallet file");
        }
        catch (DatabaseFileException e)
        {
            throw new HtlcWalletFileException(e.Message, e);
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Pooling = false }.ToString());
        var db = new HtlcWalletDatabase(connection);
        try
        {
            connection.Open();
            if (onDisk && !created) PrivateDatabaseFile.CheckIntegrity(connection, dataSource, "HTLC wallet file");
            db.Execute("PRAGMA journal_mode = WAL");
            db.Execute("PRAGMA foreign_keys = ON");
            var version = db.ScalarLong("PRAGMA user_version");
            var objects = db.ScalarLong("SELECT count(*) FROM sqlite_master");
            if (version == 0 && objects == 0)
            {
                db.InTransaction(() =>
                {
                    db.Execute(CreateSql);
                    foreach (var (key, value) in meta()) db.Execute("INSERT INTO meta (key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));
                    db.Execute($"PRAGMA user_version = {Version}");
                    return 0;
                });
            }
            else if (version != Version)
                throw new HtlcWalletFileException($"'{dataSource}' is {(version == 0 ? "a SQLite database but not an HTLC wallet" : $"an HTLC wallet of schema version {version}; this build reads version {Version}")}");
            return db;
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new HtlcWalletFileException($"'{dataSource}' is not a SQLite database ({e.Message})", e);
        }
        catch (DatabaseFileException e)
        {
            db.Dispose();
            throw new HtlcWalletFileException(e.Message, e);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public IReadOnlyDictionary<string, string> Meta() => Query("SELECT key, value FROM meta", r => (r.GetString(0), r.GetString(1))).ToDictionary();
}
