using GigGossip.Payments.Storage;
using Microsoft.Data.Sqlite;

namespace GigGossip.Settler.Storage;

/// <summary>The settler's state in a SQLite file (WAL, every commit synced), created owner-only if missing, refused when empty, damaged or readable by others.</summary>
public sealed class SqliteSettlerStore : SqlSettlerStore
{
    private SqliteSettlerStore(SqliteConnection connection) : base(connection, "BLOB")
    {
    }

    public static async Task<SqliteSettlerStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        bool created;
        try
        {
            created = PrivateDatabaseFile.Prepare(path, "settler database");
        }
        catch (DatabaseFileException e)
        {
            throw new SettlerStoreException(e.Message, e);
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!created) PrivateDatabaseFile.CheckIntegrity(connection, path, "settler database");
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new SqliteSettlerStore(connection);
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw new SettlerStoreException($"cannot open the settler database {path}: {e.Message}", e);
        }
        catch (DatabaseFileException e)
        {
            await connection.DisposeAsync();
            throw new SettlerStoreException(e.Message, e);
        }
    }
}
