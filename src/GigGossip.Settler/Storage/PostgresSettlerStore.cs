using Npgsql;

namespace GigGossip.Settler.Storage;

/// <summary>
/// The settler's state in PostgreSQL. Several settler processes may share one database: a host on this store keeps no
/// state of its own and locks each job's rows while it decides (see <see cref="SharedSettlerDatabase"/> and
/// docs/operator/settler-scale-out.md).
/// </summary>
public sealed class PostgresSettlerStore : SqlSettlerStore
{
    private readonly NpgsqlDataSource _source;

    private PostgresSettlerStore(NpgsqlConnection connection, NpgsqlDataSource source) : base(connection, "BYTEA")
    {
        _source = source;
        Shared = new SharedSettlerDatabase(source);
    }

    /// <summary>The database as the processes that share it use it (a pool of connections, row and advisory locks).</summary>
    internal SharedSettlerDatabase Shared { get; }

    /// <param name="uri">postgres://user:password@host:port/database (see <see cref="PostgresUri"/>).</param>
    public static async Task<PostgresSettlerStore> OpenAsync(string uri, CancellationToken cancellationToken)
    {
        // Pooled: every job decision is a short transaction on a connection of its own.
        var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PostgresUri.ToConnectionString(uri)) { Pooling = true, MaxPoolSize = 32 }.ConnectionString);
        NpgsqlConnection? connection = null;
        try
        {
            connection = await source.OpenConnectionAsync(cancellationToken);
            return new PostgresSettlerStore(connection, source);
        }
        catch (NpgsqlException e)
        {
            if (connection is not null) await connection.DisposeAsync();
            await source.DisposeAsync();
            throw new SettlerStoreException($"cannot open the settler database at {PostgresUri.Redacted(uri)}: {e.Message}", e);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _source.DisposeAsync();
    }
}
