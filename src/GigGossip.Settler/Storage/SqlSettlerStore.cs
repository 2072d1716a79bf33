using System.Data.Common;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Settlement;

namespace GigGossip.Settler.Storage;

/// <summary>
/// The settler's tables on any ADO.NET database that takes <c>@name</c> parameters and
/// <c>INSERT ... ON CONFLICT ... DO UPDATE</c> (SQLite, PostgreSQL): the same SQL for both, bar the byte type.
/// Keys and hashes are stored as lower-case hex, flags as 0/1, times as Unix milliseconds.
/// </summary>
public abstract class SqlSettlerStore(DbConnection connection, string bytesType) : ISettlerStore
{
    private const int SchemaVersion = 1;

    protected DbConnection Connection { get; } = connection;

    private string Schema => SchemaSql(bytesType);

    /// <summary>
    /// The tables, for a byte type (BLOB, BYTEA). A table added later (job_terms, one_time_certificates) is created on the next
    /// start of a database from before it, which keeps its schema version: the change only adds.
    /// </summary>
    internal static string SchemaSql(string bytesType) => $"""
        CREATE TABLE IF NOT EXISTS settler_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS subjects (public_key TEXT PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS approvals (public_key TEXT PRIMARY KEY REFERENCES subjects(public_key));
        CREATE TABLE IF NOT EXISTS grants (
            public_key TEXT NOT NULL REFERENCES subjects(public_key), property TEXT NOT NULL, value {bytesType} NOT NULL,
            PRIMARY KEY (public_key, property));
        CREATE TABLE IF NOT EXISTS certificates (
            serial TEXT PRIMARY KEY, subject TEXT NOT NULL REFERENCES subjects(public_key), certificate {bytesType} NOT NULL,
            revoked INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS one_time_certificates (
            serial TEXT PRIMARY KEY, subject TEXT NOT NULL REFERENCES subjects(public_key), revoked INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS one_time_certificates_by_subject ON one_time_certificates (subject);
        CREATE TABLE IF NOT EXISTS replies (
            payment_hash TEXT PRIMARY KEY, preimage {bytesType} NOT NULL, replier TEXT NOT NULL, sender TEXT NOT NULL,
            payload_id TEXT NOT NULL, reply_invoice TEXT, accepted INTEGER NOT NULL, released INTEGER NOT NULL, cancelled INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS jobs (
            network_payment_hash TEXT PRIMARY KEY, network_preimage {bytesType} NOT NULL,
            reply_payment_hash TEXT NOT NULL REFERENCES replies(payment_hash),
            network_accepted INTEGER NOT NULL, key_revealed INTEGER NOT NULL, state INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS timers (id TEXT PRIMARY KEY, at_unix_ms BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS job_terms (
            network_payment_hash TEXT PRIMARY KEY REFERENCES jobs(network_payment_hash), terms TEXT NOT NULL);
        """;

    public async Task<SettlerSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        await using (var transaction = await Connection.BeginTransactionAsync(cancellationToken))
        {
            await ExecuteAsync(transaction, Schema, cancellationToken);
            await ExecuteAsync(transaction, "INSERT INTO settler_meta (key, value) VALUES ('schema', @v) ON CONFLICT (key) DO NOTHING", cancellationToken, ("v", SchemaVersion.ToString()));
            await transaction.CommitAsync(cancellationToken);
        }
        var meta = (await QueryAsync("SELECT key, value FROM settler_meta", r => (r.GetString(0), r.GetString(1)), cancellationToken)).ToDictionary();
        if (meta["schema"] != SchemaVersion.ToString())
            throw new SettlerStoreException($"the settler database has schema version {meta["schema"]}; this build reads version {SchemaVersion}");
        var key = meta.TryGetValue("key", out var keyHex) ? SecretKey.FromBytes(Convert.FromHexString(keyHex)) : null;

        var grants = (await QueryAsync("SELECT public_key, property, value FROM grants", r => (Key: r.GetString(0), Name: r.GetString(1), Value: (byte[])r[2]), cancellationToken))
            .ToLookup(g => g.Key);
        var subjects = await QueryAsync("SELECT public_key FROM subjects", r => r.GetString(0), cancellationToken);
        var approved = (await QueryAsync("SELECT public_key FROM approvals", r => r.GetString(0), cancellationToken)).ToHashSet();
        var subjectRecords = subjects.Select(s => new SettlerSubjectRecord(PublicKey.FromHex(s), grants[s].ToDictionary(g => g.Name, g => g.Value), approved.Contains(s))).ToList();
        var certificates = await QueryAsync("SELECT serial, subject, certificate, revoked FROM certificates",
            r => new StoredCertificate(Convert.FromHexString(r.GetString(0)), PublicKey.FromHex(r.GetString(1)), (byte[])r[2], Flag(r, 3)), cancellationToken);
        var oneTime = await QueryAsync("SELECT serial, subject, revoked FROM one_time_certificates",
            r => new StoredOneTimeCertificate(Convert.FromHexString(r.GetString(0)), PublicKey.FromHex(r.GetString(1)), Flag(r, 2)), cancellationToken);
        var replies = await QueryAsync($"SELECT {ReplyColumns} FROM replies", ReadReply, cancellationToken);
        var jobs = await QueryAsync($"SELECT {JobColumns} FROM {JobsWithTerms}", ReadJob, cancellationToken);
        var timers = await QueryAsync("SELECT id, at_unix_ms FROM timers", r => new StoredTimer(r.GetString(0), Convert.ToInt64(r[1])), cancellationToken);
        return new SettlerSnapshot(key, meta.GetValueOrDefault("uri"), subjectRecords, certificates, new SettlerEngineState(replies, jobs), timers, oneTime);
    }

    public async Task SaveIdentityAsync(SecretKey key, string uri, CancellationToken cancellationToken)
    {
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        const string upsert = "INSERT INTO settler_meta (key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        await ExecuteAsync(transaction, upsert, cancellationToken, ("k", "key"), ("v", Convert.ToHexStringLower(key.Bytes)));
        await ExecuteAsync(transaction, upsert, cancellationToken, ("k", "uri"), ("v", uri));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task SaveAsync(SettlerChanges changes, CancellationToken cancellationToken)
    {
        if (changes.IsEmpty) return;
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        await WriteAsync(transaction, changes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Writes one batch of changes in <paramref name="transaction"/> (the caller commits).</summary>
    internal static async Task WriteAsync(DbTransaction transaction, SettlerChanges changes, CancellationToken cancellationToken)
    {
        foreach (var subject in changes.Subjects)
        {
            var key = subject.Subject.ToHex();
            await ExecuteAsync(transaction, "INSERT INTO subjects (public_key) VALUES (@k) ON CONFLICT (public_key) DO NOTHING", cancellationToken, ("k", key));
            if (subject.Approved)
                await ExecuteAsync(transaction, "INSERT INTO approvals (public_key) VALUES (@k) ON CONFLICT (public_key) DO NOTHING", cancellationToken, ("k", key));
            foreach (var (name, value) in subject.Properties)
                await ExecuteAsync(transaction, """
                    INSERT INTO grants (public_key, property, value) VALUES (@k, @p, @v)
                    ON CONFLICT (public_key, property) DO UPDATE SET value = excluded.value
                    """, cancellationToken, ("k", key), ("p", name), ("v", value));
        }
        foreach (var c in changes.Certificates)
            await ExecuteAsync(transaction, """
                INSERT INTO certificates (serial, subject, certificate, revoked) VALUES (@s, @k, @c, @r)
                ON CONFLICT (serial) DO UPDATE SET revoked = excluded.revoked
                """, cancellationToken, ("s", Convert.ToHexStringLower(c.Serial)), ("k", c.Subject.ToHex()), ("c", c.SignedCertificate), ("r", c.Revoked ? 1 : 0));
        foreach (var c in changes.OneTimeCertificates)
            await ExecuteAsync(transaction, """
                INSERT INTO one_time_certificates (serial, subject, revoked) VALUES (@s, @k, @r)
                ON CONFLICT (serial) DO UPDATE SET revoked = excluded.revoked
                """, cancellationToken, ("s", Convert.ToHexStringLower(c.Serial)), ("k", c.Subject.ToHex()), ("r", c.Revoked ? 1 : 0));
        foreach (var r in changes.Engine.Replies)
            await ExecuteAsync(transaction, """
                INSERT INTO replies (payment_hash, preimage, replier, sender, payload_id, reply_invoice, accepted, released, cancelled)
                VALUES (@h, @p, @r, @s, @i, @v, @a, @l, @c)
                ON CONFLICT (payment_hash) DO UPDATE SET reply_invoice = excluded.reply_invoice, accepted = excluded.accepted,
                    released = excluded.released, cancelled = excluded.cancelled
                """, cancellationToken, ("h", Convert.ToHexStringLower(r.PaymentHash)), ("p", r.Preimage), ("r", r.Replier.ToHex()), ("s", r.Sender.ToHex()),
                ("i", r.PayloadId), ("v", r.ReplyInvoice), ("a", r.Accepted ? 1 : 0), ("l", r.Released ? 1 : 0), ("c", r.Cancelled ? 1 : 0));
        foreach (var j in changes.Engine.Jobs)
        {
            await ExecuteAsync(transaction, """
                INSERT INTO jobs (network_payment_hash, network_preimage, reply_payment_hash, network_accepted, key_revealed, state)
                VALUES (@h, @p, @r, @a, @k, @s)
                ON CONFLICT (network_payment_hash) DO UPDATE SET network_accepted = excluded.network_accepted,
                    key_revealed = excluded.key_revealed, state = excluded.state
                """, cancellationToken, ("h", Convert.ToHexStringLower(j.NetworkPaymentHash)), ("p", j.NetworkPreimage), ("r", Convert.ToHexStringLower(j.ReplyPaymentHash)),
                ("a", j.NetworkAccepted ? 1 : 0), ("k", j.KeyRevealed ? 1 : 0), ("s", (int)j.State));
            if (j.Terms is { } terms)
                await ExecuteAsync(transaction, "INSERT INTO job_terms (network_payment_hash, terms) VALUES (@h, @t) ON CONFLICT (network_payment_hash) DO UPDATE SET terms = excluded.terms",
                    cancellationToken, ("h", Convert.ToHexStringLower(j.NetworkPaymentHash)), ("t", SettlerJobTermsJson.Write(terms)));
        }
        foreach (var hash in changes.Engine.RemovedJobs)
        {
            await ExecuteAsync(transaction, "DELETE FROM job_terms WHERE network_payment_hash = @h", cancellationToken, ("h", Convert.ToHexStringLower(hash)));
            await ExecuteAsync(transaction, "DELETE FROM jobs WHERE network_payment_hash = @h", cancellationToken, ("h", Convert.ToHexStringLower(hash)));
        }
        foreach (var hash in changes.Engine.RemovedReplies)
            await ExecuteAsync(transaction, "DELETE FROM replies WHERE payment_hash = @h", cancellationToken, ("h", Convert.ToHexStringLower(hash)));
        foreach (var t in changes.TimersSet)
            await ExecuteAsync(transaction, "INSERT INTO timers (id, at_unix_ms) VALUES (@i, @a) ON CONFLICT (id) DO UPDATE SET at_unix_ms = excluded.at_unix_ms",
                cancellationToken, ("i", t.Id), ("a", t.AtUnixMs));
        foreach (var id in changes.TimersFired)
            await ExecuteAsync(transaction, "DELETE FROM timers WHERE id = @i", cancellationToken, ("i", id));
    }

    /// <summary>The columns <see cref="ReadReply"/> reads, in order.</summary>
    internal const string ReplyColumns = "preimage, replier, sender, payload_id, reply_invoice, accepted, released, cancelled";

    /// <summary>The columns <see cref="ReadJob"/> reads, in order, from <see cref="JobsWithTerms"/>.</summary>
    internal const string JobColumns = "j.network_preimage, j.reply_payment_hash, j.network_accepted, j.key_revealed, j.state, t.terms";

    internal const string JobsWithTerms = "jobs j LEFT JOIN job_terms t ON t.network_payment_hash = j.network_payment_hash";

    internal static SettlerReplyRecord ReadReply(DbDataReader r) =>
        new((byte[])r[0], PublicKey.FromHex(r.GetString(1)), PublicKey.FromHex(r.GetString(2)), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4), Flag(r, 5), Flag(r, 6), Flag(r, 7));

    internal static SettlerJobRecord ReadJob(DbDataReader r) =>
        new((byte[])r[0], Convert.FromHexString(r.GetString(1)), Flag(r, 2), Flag(r, 3), (SettlerJobState)Convert.ToInt32(r[4]),
            r.IsDBNull(5) ? null : SettlerJobTermsJson.Read(r.GetString(5)));

    public virtual async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private static bool Flag(DbDataReader reader, int ordinal) => Convert.ToInt64(reader[ordinal]) != 0;

    private static async Task ExecuteAsync(DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(transaction.Connection!, sql, parameters);
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = Command(Connection, sql, []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
