namespace GigGossip.Cli.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeysCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("giggossip-keys-").FullName;

    private string PathOf(string name) => Path.Combine(_directory, name);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void New_key_file_is_owner_only_and_show_prints_the_same_public_key()
    {
        var created = Cli.Run("keys", "new", "--out", PathOf("node.key"));
        Assert.Equal(0, created.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("node.key")));
        var shown = Cli.Run("keys", "show", "--key", PathOf("node.key"));
        Assert.Equal(created.Output, shown.Output);
        Assert.Matches("^[0-9a-f]{64}$", shown.Output.Trim());
        var again = Cli.Run("keys", "new", "--out", PathOf("node.key"));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_reproduces_bip340_vector_1_and_verify_accepts_it()
    {
        File.WriteAllText(PathOf("v1.key"), "B7E151628AED2A6ABF7158809CF4F3C762E7160F38B4DA56A784D9045190CFEF");
        File.SetUnixFileMode(PathOf("v1.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        const string message = "243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89";
        var signed = Cli.Run("keys", "sign", "--key", PathOf("v1.key"), "--message", message, "--aux", new string('0', 63) + "1");
        Assert.Equal(0, signed.ExitCode);
        const string expected = "6896BD60EEAE296DB48A229FF71DFE071BDE413E6D43F917DC8DCF8C78DE33418906D11AC976ABCCB20B091292BFF4EA897EFCB639EA871CFA95F6DE339E4B0A";
        Assert.Equal(expected.ToLowerInvariant(), signed.Output.Trim());
        const string pubkey = "DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659";
        Assert.Equal(0, Cli.Run("keys", "verify", "--pubkey", pubkey, "--message", message, "--signature", expected).ExitCode);
        var tampered = "7" + expected[1..];
        Assert.Equal(1, Cli.Run("keys", "verify", "--pubkey", pubkey, "--message", message, "--signature", tampered).ExitCode);
    }

    [Fact]
    public void Bad_input_gets_one_line_and_exit_code_two()
    {
        File.WriteAllText(PathOf("open.key"), new string('1', 64));
        File.SetUnixFileMode(PathOf("open.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        AssertUserError(Cli.Run("keys", "show", "--key", PathOf("open.key")), "chmod 600");
        AssertUserError(Cli.Run("keys", "show", "--key", PathOf("missing.key")), "cannot read key file");
        AssertUserError(Cli.Run("keys", "verify", "--pubkey", "zz", "--message", "00", "--signature", "00"), "--pubkey is not hex");
        AssertUserError(Cli.Run("keys", "verify", "--pubkey", new string('a', 62), "--message", "00", "--signature", "00"), "--pubkey must be 32 bytes");
    }

    private static void AssertUserError((int ExitCode, string Output, string Error) result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Backend_names_the_choice()
    {
        var result = Cli.Run("keys", "backend");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("secp256k1 backend: ", result.Output, StringComparison.Ordinal);
    }
}
