using Npgsql;

namespace GigGossip.Settler.Storage;

/// <summary>Reads <c>postgres://user:password@host:port/database?sslmode=...</c> (or <c>postgresql://</c>) into an Npgsql connection string.</summary>
public static class PostgresUri
{
    public static bool IsPostgres(string database) =>
        database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="SettlerStoreException">the URI is malformed.</exception>
    public static string ToConnectionString(string uri)
    {
        if (!IsPostgres(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
            throw new SettlerStoreException($"'{Redacted(uri)}' is not a postgres://user:password@host:port/database URI");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = parsed.Host,
            Port = parsed.IsDefaultPort || parsed.Port <= 0 ? 5432 : parsed.Port,
            Database = Uri.UnescapeDataString(parsed.AbsolutePath.Trim('/')) is { Length: > 0 } db ? db : "postgres",
            Pooling = false,
        };
        var userInfo = parsed.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length == 2) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        foreach (var pair in parsed.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = pair.Split('=', 2) is [var n, var v] ? (n, Uri.UnescapeDataString(v)) : (pair, "");
            if (name.Equals("sslmode", StringComparison.OrdinalIgnoreCase) && Enum.TryParse<SslMode>(value, ignoreCase: true, out var mode)) builder.SslMode = mode;
            else throw new SettlerStoreException($"unknown or bad PostgreSQL URI option '{name}' (only sslmode is understood)");
        }
        return builder.ConnectionString;
    }

    /// <summary>The URI with its password hidden, for messages.</summary>
    public static string Redacted(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.UserInfo.Contains(':')
            ? uri.Replace(parsed.UserInfo, parsed.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal)
            : uri;
}
