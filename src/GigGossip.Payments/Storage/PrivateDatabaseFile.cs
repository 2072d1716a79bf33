using Microsoft.Data.Sqlite;

namespace GigGossip.Payments.Storage;

/// <summary>
/// SQLite files that hold keys, preimages or payment secrets (wallet.db, a node's state.db, settler.db): created
/// owner-only (0600, and SQLite gives its -wal, -shm and -journal files the database's mode), refused when group
/// or others may read them, refused when empty (zero bytes: a lost file, not a new one) and checked with
/// <c>PRAGMA quick_check</c> on open. Never replaced: the operator is told what is wrong and what to do.
/// </summary>
public static class PrivateDatabaseFile
{
    private const UnixFileMode OthersAccess =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly string[] SideFiles = ["-wal", "-shm", "-journal"];

    /// <summary>
    /// Before SQLite opens <paramref name="path"/>: creates it empty and owner-only when it is missing (returns true;
    /// SQLite then writes a new database into it), or checks an existing one and its side files (returns false).
    /// </summary>
    /// <exception cref="DatabaseFileException">The file is empty or open to group or others, or cannot be created.</exception>
    public static bool Prepare(string path, string what)
    {
        try
        {
            if (!File.Exists(path))
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(path));
                if (directory is not null) Directory.CreateDirectory(directory);
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (new FileStream(path, options)) { }
                return true;
            }
            RequirePrivate(path, what);
            foreach (var suffix in SideFiles)
                if (File.Exists(path + suffix)) RequirePrivate(path + suffix, what);
            if (new FileInfo(path).Length == 0)
                throw new DatabaseFileException($"{what} {path} is empty (0 bytes): it is not a database; restore it from a backup, or move it away to start with a new identity");
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseFileException($"{what} {path} cannot be used: {e.Message}", e);
        }
    }

    /// <summary>Runs SQLite's quick integrity check on an open database.</summary>
    /// <exception cref="DatabaseFileException">The database is damaged.</exception>
    public static void CheckIntegrity(SqliteConnection connection, string path, string what)
    {
        string verdict;
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1)";
            verdict = command.ExecuteScalar() as string ?? "no answer";
        }
        catch (SqliteException e)
        {
            verdict = e.Message;
        }
        if (verdict != "ok")
            throw new DatabaseFileException($"{what} {path} is damaged ({OneLine(verdict)}); restore it from a backup");
    }

    /// <summary>True when others than the owner may read, write or run the file.</summary>
    public static bool IsExposed(string path) => !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersAccess) != 0;

    private static void RequirePrivate(string path, string what)
    {
        if (!OperatingSystem.IsWindows() && IsExposed(path))
            throw new DatabaseFileException(
                $"{what} {path} can be read by other users (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); run: chmod 600 {path}");
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}

/// <summary>A database file that must not be used as it is; the message is one line for the operator.</summary>
public sealed class DatabaseFileException(string message, Exception? inner = null) : Exception(message, inner);
