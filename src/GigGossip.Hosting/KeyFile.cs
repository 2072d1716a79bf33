using GigGossip.Protocol.Crypto;

namespace GigGossip.Hosting;

/// <summary>
/// Secret key files: 64 hex characters and a newline, created with mode 0600 (never chmod-ed after
/// the fact) and never overwritten; a file that others can read or write is refused, as ssh does.
/// </summary>
public static class KeyFile
{
    private const UnixFileMode OthersAccess =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void Write(string path, SecretKey key) => WriteSecret(path, key.Bytes);

    public static SecretKey Read(string path)
    {
        try { return SecretKey.FromBytes(ReadSecret(path)); }
        catch (CryptoException e) { throw new KeyFileException($"key file {path}: {e.Message}"); }
    }

    /// <summary>Creates <paramref name="path"/> (owner read/write only) holding the 32-byte secret in hex.</summary>
    public static void WriteSecret(string path, ReadOnlySpan<byte> secret)
    {
        if (secret.Length != 32) throw new ArgumentException("a secret key is 32 bytes", nameof(secret));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
            writer.WriteLine(Convert.ToHexStringLower(secret));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(File.Exists(path) ? $"key file {path} already exists; refusing to overwrite it" : $"cannot create key file {path}: {e.Message}");
        }
    }

    /// <summary>The 32-byte secret in <paramref name="path"/>, refused when the file is open to group or others.</summary>
    public static byte[] ReadSecret(string path)
    {
        string text;
        try
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersAccess) != 0)
                throw new KeyFileException($"key file {path} is accessible by others (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); run: chmod 600 {path}");
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException($"cannot read key file {path}: {e.Message}");
        }
        if (text.Length != 64 || !text.All(Uri.IsHexDigit)) throw new KeyFileException($"key file {path} must hold 64 hex characters");
        return Convert.FromHexString(text);
    }
}
