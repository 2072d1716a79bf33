using System.Data.Common;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using Npgsql;

namespace GigGossip.Settler.Storage;

/// <summary>
/// The settler's PostgreSQL database as several settler processes share it (docs/operator/settler-scale-out.md): the
/// same tables as <see cref="SqlSettlerStore"/>, plus the key-reveal nonces and indexes; every change happens in a
/// short transaction that first locks what it changes: a reply row (<c>SELECT ... FOR UPDATE</c>) for a reply and its
/// jobs, a transaction-scoped advisory lock for a reply not made yet, a subject, or the schema.
/// </summary>
internal sealed class SharedSettlerDatabase(NpgsqlDataSource source)
{
    private const int SchemaVersion = 1;
    private const long SchemaLockKey = 0x6767_7363_6865_6d61;

    private const string SharedSchema = """
        CREATE INDEX IF NOT EXISTS jobs_by_reply ON jobs (reply_payment_hash);
        CREATE INDEX IF NOT EXISTS replies_by_request ON replies (payload_id, replier);
        CREATE INDEX IF NOT EXISTS timers_by_time ON timers (at_unix_ms);
        CREATE TABLE IF NOT EXISTS reveal_nonces (
            network_payment_hash TEXT NOT NULL, nonce TEXT NOT NULL, signed_at_unix_ms BIGINT NOT NULL,
            PRIMARY KEY (network_payment_hash, nonce));
        CREATE TABLE IF NOT EXISTS record_times (payment_hash TEXT PRIMARY KEY, made_at_unix_ms BIGINT NOT NULL);
        CREATE INDEX IF NOT EXISTS record_times_by_time ON record_times (made_at_unix_ms);
        """;

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await source.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw new SettlerStoreException($"cannot reach the settler's PostgreSQL database: {e.Message}", e);
        }
    }

    /// <summary>
    /// Creates the tables if needed and the settler's identity on first start (one key for every process: the first one
    /// to start makes it). A saved URI wins over <paramref name="uri"/>; returns the key, the URI and whether they differ.
    /// </summary>
    public async Task<(SecretKey Key, string Uri, string? OtherUri)> OpenIdentityAsync(string? uri, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(@k)", cancellationToken, ("k", SchemaLockKey));
        await ExecuteAsync(transaction, SqlSettlerStore.SchemaSql("BYTEA") + SharedSchema, cancellationToken);
        await ExecuteAsync(transaction, "INSERT INTO settler_meta (key, value) VALUES ('schema', @v) ON CONFLICT (key) DO NOTHING", cancellationToken, ("v", SchemaVersion.ToString()));
        var meta = (await QueryAsync(transaction, "SELECT key, value FROM settler_meta", r => (r.GetString(0), r.GetString(1)), cancellationToken)).ToDictionary();
        if (meta["schema"] != SchemaVersion.ToString())
            throw new SettlerStoreException($"the settler database has schema version {meta["schema"]}; this build reads version {SchemaVersion}");
        var key = meta.TryGetValue("key", out var keyHex) ? SecretKey.FromBytes(Convert.FromHexString(keyHex)) : SecretKey.Generate();
        var saved = meta.GetValueOrDefault("uri");
        var chosen = saved ?? uri ?? throw new ArgumentException("a new settler needs a URI", nameof(uri));
        const string insert = "INSERT INTO settler_meta (key, value) VALUES (@k, @v) ON CONFLICT (key) DO NOTHING";
        await ExecuteAsync(transaction, insert, cancellationToken, ("k", "key"), ("v", Convert.ToHexStringLower(key.Bytes)));
        await ExecuteAsync(transaction, insert, cancellationToken, ("k", "uri"), ("v", chosen));
        await transaction.CommitAsync(cancellationToken);
        return (key, chosen, uri is not null && uri != chosen ? uri : null);
    }

    /// <summary>The reply a payment hash belongs to: the job's reply for a network payment hash, itself for a reply hash.</summary>
    public async Task<string?> ReplyOfAsync(DbTransaction transaction, byte[] hash, CancellationToken cancellationToken)
    {
        var hex = Convert.ToHexStringLower(hash);
        var found = await QueryAsync(transaction,
            "SELECT reply_payment_hash FROM jobs WHERE network_payment_hash = @h UNION ALL SELECT payment_hash FROM replies WHERE payment_hash = @h LIMIT 1",
            r => r.GetString(0), cancellationToken, ("h", hex));
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>
    /// Serialises the makers of the reply hash for one request and replier (the reply row does not exist yet to lock),
    /// then returns that reply if it was made already.
    /// </summary>
    public async Task<string?> LockReplyRequestAsync(DbTransaction transaction, string payloadId, PublicKey replier, CancellationToken cancellationToken)
    {
        await ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))", cancellationToken, ("k", $"reply:{payloadId}:{replier.ToHex()}"));
        var found = await QueryAsync(transaction, "SELECT payment_hash FROM replies WHERE payload_id = @p AND replier = @r",
            r => r.GetString(0), cancellationToken, ("p", payloadId), ("r", replier.ToHex()));
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>
    /// Locks a reply row (FOR UPDATE) and loads it with its jobs and their recent key-reveal nonces; a reader that changes
    /// nothing (<paramref name="forUpdate"/> false) reads the last committed group without waiting.
    /// </summary>
    public async Task<(SettlerEngineState State, IReadOnlyList<SettlerRevealNonce> Nonces)> LockGroupAsync(DbTransaction transaction, string reply,
        long nowUnixMs, CancellationToken cancellationToken, bool forUpdate = true)
    {
        var replies = await QueryAsync(transaction, $"SELECT {SqlSettlerStore.ReplyColumns} FROM replies WHERE payment_hash = @r{(forUpdate ? " FOR UPDATE" : "")}",
            SqlSettlerStore.ReadReply, cancellationToken, ("r", reply));
        if (replies.Count == 0) return (new SettlerEngineState([], []), []);
        var jobs = await QueryAsync(transaction, $"SELECT {SqlSettlerStore.JobColumns} FROM {SqlSettlerStore.JobsWithTerms} WHERE j.reply_payment_hash = @r",
            SqlSettlerStore.ReadJob, cancellationToken, ("r", reply));
        var nonces = await QueryAsync(transaction, """
            SELECT n.network_payment_hash, n.nonce, n.signed_at_unix_ms FROM reveal_nonces n
            JOIN jobs j ON j.network_payment_hash = n.network_payment_hash
            WHERE j.reply_payment_hash = @r AND n.signed_at_unix_ms >= @since
            """, r => new SettlerRevealNonce(Convert.FromHexString(r.GetString(0)), r.GetString(1), r.GetInt64(2)), cancellationToken,
            ("r", reply), ("since", nowUnixMs - KeyRevealRequest.FreshnessMs));
        return (new SettlerEngineState(replies, jobs), nonces);
    }

    /// <summary>Saves the nonces (a nonce saved already stays as it is) and forgets this group's nonces older than the window.</summary>
    public async Task SaveNoncesAsync(DbTransaction transaction, IReadOnlyList<SettlerRevealNonce> nonces, long nowUnixMs, CancellationToken cancellationToken)
    {
        foreach (var nonce in nonces)
            await ExecuteAsync(transaction, """
                INSERT INTO reveal_nonces (network_payment_hash, nonce, signed_at_unix_ms) VALUES (@h, @n, @t)
                ON CONFLICT (network_payment_hash, nonce) DO NOTHING
                """, cancellationToken, ("h", Convert.ToHexStringLower(nonce.NetworkPaymentHash)), ("n", nonce.NonceHex), ("t", nonce.SignedAtUnixMs));
        foreach (var job in nonces.Select(n => Convert.ToHexStringLower(n.NetworkPaymentHash)).Distinct())
            await ExecuteAsync(transaction, "DELETE FROM reveal_nonces WHERE network_payment_hash = @h AND signed_at_unix_ms < @before", cancellationToken,
                ("h", job), ("before", nowUnixMs - 2 * KeyRevealRequest.FreshnessMs));
    }

    /// <summary>
    /// Notes when replies and jobs were made (a record noted already keeps its time, unless <paramref name="again"/>): unused
    /// ones are pruned after their lifetime.
    /// </summary>
    public async Task NoteMadeAsync(DbTransaction transaction, IEnumerable<byte[]> hashes, long nowUnixMs, CancellationToken cancellationToken, bool again = false)
    {
        var conflict = again ? "DO UPDATE SET made_at_unix_ms = excluded.made_at_unix_ms" : "DO NOTHING";
        foreach (var hash in hashes)
            await ExecuteAsync(transaction, $"INSERT INTO record_times (payment_hash, made_at_unix_ms) VALUES (@h, @t) ON CONFLICT (payment_hash) {conflict}",
                cancellationToken, ("h", Convert.ToHexStringLower(hash)), ("t", nowUnixMs));
    }

    /// <summary>Replies made before <paramref name="cutoffUnixMs"/> that no money ever reached: the candidates for pruning.</summary>
    public async Task<IReadOnlyList<string>> PruneCandidatesAsync(long cutoffUnixMs, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, """
            SELECT r.payment_hash FROM record_times t JOIN replies r ON r.payment_hash = t.payment_hash
            WHERE t.made_at_unix_ms <= @c AND r.accepted = 0 AND r.released = 0 ORDER BY t.made_at_unix_ms LIMIT @l
            """, r => r.GetString(0), cancellationToken, ("c", cutoffUnixMs), ("l", limit));
    }

    /// <summary>When each of these records was made (those noted).</summary>
    public async Task<Dictionary<string, long>> MadeAtAsync(DbTransaction transaction, IEnumerable<string> hashes, CancellationToken cancellationToken)
    {
        var made = new Dictionary<string, long>();
        foreach (var hash in hashes)
            foreach (var at in await QueryAsync(transaction, "SELECT made_at_unix_ms FROM record_times WHERE payment_hash = @h", r => r.GetInt64(0), cancellationToken, ("h", hash)))
                made[hash] = at;
        return made;
    }

    /// <summary>Deletes what the shared tables keep of forgotten records (their times, nonces and timers).</summary>
    public async Task ForgetAsync(DbTransaction transaction, IEnumerable<string> hashes, CancellationToken cancellationToken)
    {
        foreach (var hash in hashes)
        {
            await ExecuteAsync(transaction, "DELETE FROM record_times WHERE payment_hash = @h", cancellationToken, ("h", hash));
            await ExecuteAsync(transaction, "DELETE FROM reveal_nonces WHERE network_payment_hash = @h", cancellationToken, ("h", hash));
            await ExecuteAsync(transaction, "DELETE FROM timers WHERE id LIKE @p", cancellationToken, ("p", "%:" + hash));
        }
    }

    /// <summary>Locks a timer row; true when it is still there and due (so this transaction fires it, and only this one).</summary>
    public async Task<bool> ClaimTimerAsync(DbTransaction transaction, string id, long nowUnixMs, CancellationToken cancellationToken)
    {
        var at = await QueryAsync(transaction, "SELECT at_unix_ms FROM timers WHERE id = @i FOR UPDATE", r => r.GetInt64(0), cancellationToken, ("i", id));
        return at.Count == 1 && at[0] <= nowUnixMs;
    }

    /// <summary>Timers due by now, earliest first.</summary>
    public async Task<IReadOnlyList<string>> DueTimersAsync(long nowUnixMs, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, "SELECT id FROM timers WHERE at_unix_ms <= @n ORDER BY at_unix_ms LIMIT @l", r => r.GetString(0), cancellationToken,
            ("n", nowUnixMs), ("l", limit));
    }

    /// <summary>Drops a timer if it is still the one set for <paramref name="atUnixMs"/> (a wallet call it guarded went through).</summary>
    public async Task DropTimerAsync(string id, long atUnixMs, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "DELETE FROM timers WHERE id = @i AND at_unix_ms = @a", [("i", id), ("a", atUnixMs)]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Brings a timer forward to now (it fires at the next chance).</summary>
    public async Task MakeDueAsync(string id, long nowUnixMs, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "UPDATE timers SET at_unix_ms = @a WHERE id = @i AND at_unix_ms > @a", [("i", id), ("a", nowUnixMs)]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Network payment hashes of the jobs whose money may still be held (looked up in the wallet after its event stream reopens).</summary>
    public async Task<IReadOnlyList<byte[]>> HeldJobsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, "SELECT network_payment_hash FROM jobs WHERE state IN (@l, @d, @s)", r => Convert.FromHexString(r.GetString(0)),
            cancellationToken, ("l", (int)SettlerJobState.Locking), ("d", (int)SettlerJobState.Disputed), ("s", (int)SettlerJobState.Settling));
    }

    /// <summary>Every reply and job (for the operator's views).</summary>
    public async Task<SettlerEngineState> ExportAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var replies = await QueryAsync(connection, null, $"SELECT {SqlSettlerStore.ReplyColumns} FROM replies", SqlSettlerStore.ReadReply, cancellationToken);
        var jobs = await QueryAsync(connection, null, $"SELECT {SqlSettlerStore.JobColumns} FROM {SqlSettlerStore.JobsWithTerms}", SqlSettlerStore.ReadJob, cancellationToken);
        return new SettlerEngineState(replies, jobs);
    }

    /// <summary>Serialises the changes to one subject across processes (for the rest of the transaction).</summary>
    public Task LockSubjectAsync(DbTransaction transaction, PublicKey subject, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@k, 0))", cancellationToken, ("k", "subject:" + subject.ToHex()));

    /// <summary>Registered subjects with their grants and approvals: one, or all when <paramref name="subject"/> is null.</summary>
    public async Task<IReadOnlyList<SettlerSubjectRecord>> SubjectsAsync(DbConnection connection, DbTransaction? transaction, PublicKey? subject,
        CancellationToken cancellationToken)
    {
        var where = subject is null ? "" : " WHERE public_key = @k";
        (string, object?)[] key = subject is null ? [] : [("k", subject.ToHex())];
        var subjects = await QueryAsync(connection, transaction, "SELECT public_key FROM subjects" + where, r => r.GetString(0), cancellationToken, key);
        var grants = (await QueryAsync(connection, transaction, "SELECT public_key, property, value FROM grants" + where,
            r => (Key: r.GetString(0), Name: r.GetString(1), Value: (byte[])r[2]), cancellationToken, key)).ToLookup(g => g.Key);
        var approved = (await QueryAsync(connection, transaction, "SELECT public_key FROM approvals" + where, r => r.GetString(0), cancellationToken, key)).ToHashSet();
        return [.. subjects.Select(s => new SettlerSubjectRecord(PublicKey.FromHex(s), grants[s].ToDictionary(g => g.Name, g => g.Value), approved.Contains(s)))];
    }

    /// <summary>A certificate this settler issued, locked for the rest of the transaction, or null.</summary>
    public async Task<StoredCertificate?> LockCertificateAsync(DbTransaction transaction, byte[] serial, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(transaction, "SELECT serial, subject, certificate, revoked FROM certificates WHERE serial = @s FOR UPDATE",
            r => new StoredCertificate(Convert.FromHexString(r.GetString(0)), PublicKey.FromHex(r.GetString(1)), (byte[])r[2], r.GetInt32(3) != 0),
            cancellationToken, ("s", Convert.ToHexStringLower(serial)));
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>A certificate this settler issued, as committed (no row lock: the caller holds its subject's lock), or null.</summary>
    public async Task<StoredCertificate?> CertificateAsync(DbTransaction transaction, byte[] serial, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(transaction, "SELECT serial, subject, certificate, revoked FROM certificates WHERE serial = @s",
            r => new StoredCertificate(Convert.FromHexString(r.GetString(0)), PublicKey.FromHex(r.GetString(1)), (byte[])r[2], r.GetInt32(3) != 0),
            cancellationToken, ("s", Convert.ToHexStringLower(serial)));
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>A one-time certificate this settler issued, locked for the rest of the transaction, or null.</summary>
    public async Task<StoredOneTimeCertificate?> LockOneTimeCertificateAsync(DbTransaction transaction, byte[] serial, CancellationToken cancellationToken)
    {
        var found = await QueryAsync(transaction, "SELECT serial, subject, revoked FROM one_time_certificates WHERE serial = @s FOR UPDATE",
            r => new StoredOneTimeCertificate(Convert.FromHexString(r.GetString(0)), PublicKey.FromHex(r.GetString(1)), r.GetInt32(2) != 0),
            cancellationToken, ("s", Convert.ToHexStringLower(serial)));
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Revokes every one-time certificate issued to <paramref name="subject"/> (the caller holds the subject's lock).</summary>
    public Task RevokeOneTimeOfAsync(DbTransaction transaction, PublicKey subject, CancellationToken cancellationToken) =>
        ExecuteAsync(transaction, "UPDATE one_time_certificates SET revoked = 1 WHERE subject = @k AND revoked = 0", cancellationToken, ("k", subject.ToHex()));

    /// <summary>The revoked certificates, one-time ones included (all a revocation list needs).</summary>
    public async Task<IReadOnlyList<IssuedCertificateRecord>> RevokedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await QueryAsync(connection, transaction,
            "SELECT serial, subject FROM certificates WHERE revoked <> 0 UNION ALL SELECT serial, subject FROM one_time_certificates WHERE revoked <> 0",
            r => new IssuedCertificateRecord(Google.Protobuf.ByteString.CopyFrom(Convert.FromHexString(r.GetString(0))), PublicKey.FromHex(r.GetString(1)), Revoked: true),
            cancellationToken);

    private static Task ExecuteAsync(DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ExecuteAsync(transaction.Connection!, transaction, sql, cancellationToken, parameters);

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Task<List<T>> QueryAsync<T>(DbTransaction transaction, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters) =>
        QueryAsync(transaction.Connection!, transaction, sql, read, cancellationToken, parameters);

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
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
