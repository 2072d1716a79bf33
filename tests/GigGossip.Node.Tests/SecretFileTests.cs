using GigGossip.Node.State;

namespace GigGossip.Node.Tests;

public sealed class SecretFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("giggossip-secret-tests-");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Node_key_file_made_on_first_start_is_owner_only_and_gives_the_same_key_again()
    {
        var path = Path.Combine(_directory.FullName, "data", "node.key");

        var made = SecretFile.NodeKey(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(SecretFile.IsExposed(path));
        Assert.Equal(made.PublicKey, SecretFile.NodeKey(path).PublicKey);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
