namespace GigGossip.Settler.Storage;

/// <summary>Opens the store a <c>--db</c> value names: a postgres:// URI, otherwise a SQLite file path.</summary>
public static class SettlerStores
{
    public static async Task<ISettlerStore> OpenAsync(string database, CancellationToken cancellationToken) =>
        PostgresUri.IsPostgres(database)
            ? await PostgresSettlerStore.OpenAsync(database, cancellationToken)
            : await SqliteSettlerStore.OpenAsync(database, cancellationToken);
}
