using System.Security.Cryptography;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.State;

/// <summary>
/// 32-byte secrets kept as one line of hex in a file only its owner may read (0600), as lnd keeps its
/// macaroons: the node key and the control API token. A missing file is created with a fresh secret; a file
/// others may read is refused.
/// </summary>
public static class SecretFile
{
    public const int Length = 32;

    /// <summary>The node's key from <paramref name="path"/>, made and saved on first start.</summary>
    /// <exception cref="SecretFileException">The file cannot be read or written, or is not a secp256k1 key.</exception>
    public static SecretKey NodeKey(string path)
    {
        var bytes = ReadOrCreate(path, "node key", () =>
        {
            var key = SecretKey.Generate();
            return key.Bytes.ToArray();
        });
        try
        {
            return SecretKey.FromBytes(bytes);
        }
        catch (CryptoException e)
        {
            throw new SecretFileException($"node key file {path} does not hold a secp256k1 secret key: {e.Message}", e);
        }
    }

    /// <summary>The control API token from <paramref name="path"/> as hex, made and saved on first start.</summary>
    public static string Token(string path) => Convert.ToHexStringLower(ReadOrCreate(path, "control token", () => RandomNumberGenerator.GetBytes(Length)));

    /// <summary>The control API token in an existing file, as hex (what a control client presents).</summary>
    /// <exception cref="SecretFileException">The file cannot be read or does not hold a token.</exception>
    public static string ReadToken(string path)
    {
        try
        {
            return Convert.ToHexStringLower(Parse(File.ReadAllText(path), path, "control token"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretFileException($"control token file {path}: {e.Message}", e);
        }
    }

    /// <summary>True when others than the owner may read or write the file.</summary>
    public static bool IsExposed(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0;

    private static byte[] ReadOrCreate(string path, string what, Func<byte[]> generate)
    {
        try
        {
            if (File.Exists(path))
            {
                if (!OperatingSystem.IsWindows() && IsExposed(path))
                    throw new SecretFileException($"{what} file {path} can be read by other users (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}); run: chmod 600 {path}");
                return Parse(File.ReadAllText(path), path, what);
            }
            var secret = generate();
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null) Directory.CreateDirectory(directory);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
            writer.WriteLine(Convert.ToHexStringLower(secret));
            return secret;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SecretFileException($"{what} file {path}: {e.Message}", e);
        }
    }

    private static byte[] Parse(string text, string path, string what)
    {
        var hex = text.Trim();
        if (hex.Length != 2 * Length || !hex.All(Uri.IsHexDigit))
            throw new SecretFileException($"{what} file {path} must hold {2 * Length} hex digits, found {hex.Length} characters");
        return Convert.FromHexString(hex);
    }
}
