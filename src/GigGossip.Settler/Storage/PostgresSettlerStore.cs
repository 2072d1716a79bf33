using Npgsql;

namespace GigGossip.Settler.Storage;

/// <summary>
/// The settler's state in PostgreSQL. The store holds a session advisory lock for its whole life, so a second
/// settler process on the same database is refused instead of corrupting the first one's state.
/// </summary>
public sealed class PostgresSettlerStore : SqlSettlerStore
{
    private const long AdvisoryLockKey = 0x6769_672d_7365_7474;

    private PostgresSettlerStore(NpgsqlConnection connection) : base(connection, "BYTEA")
    {
    }

    /// <param name="uri">postgres://user:password@host:port/database (see <see cref="PostgresUri"/>).</param>
    public static async Task<PostgresSettlerStore> OpenAsync(string uri, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(PostgresUri.ToConnectionString(uri));
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@k)", connection);
            command.Parameters.AddWithValue("k", AdvisoryLockKey);
            if (await command.ExecuteScalarAsync(cancellationToken) is not true)
                throw new SettlerStoreException("another settler process is using this PostgreSQL database");
            return new PostgresSettlerStore(connection);
        }
        catch (Exception e) when (e is NpgsqlException or SettlerStoreException)
        {
            await connection.DisposeAsync();
            throw e as SettlerStoreException ?? new SettlerStoreException($"cannot open the settler database at {PostgresUri.Redacted(uri)}: {e.Message}", e);
        }
    }
}
