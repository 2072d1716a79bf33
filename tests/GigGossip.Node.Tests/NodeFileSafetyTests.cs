using System.Runtime.Versioning;
using GigGossip.Node.State;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Node.Tests;

/// <summary>The node's state.db (its contact key, pending money) and its key and token files: owner-only, refused otherwise, never replaced.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class NodeFileSafetyTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("giggossip-files-");
    private readonly PublicKey _node = SecretKey.Generate().PublicKey;

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    [Fact]
    public void New_state_file_and_its_wal_are_owner_only()
    {
        using var store = NodeStateStore.Open(PathOf("state.db"), _node);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(PathOf("state.db")));
        foreach (var side in new[] { "-wal", "-shm", "-journal" })
            if (File.Exists(PathOf("state.db" + side))) Assert.Equal(OwnerOnly, File.GetUnixFileMode(PathOf("state.db" + side)));
    }

    [Fact]
    public void Zero_byte_state_file_is_refused_not_started_empty()
    {
        using (File.Create(PathOf("state.db"))) { }
        File.SetUnixFileMode(PathOf("state.db"), OwnerOnly);

        var refused = Assert.Throws<NodeStateException>(() => NodeStateStore.Open(PathOf("state.db"), _node));

        Assert.Contains("is empty (0 bytes)", refused.Message);
        Assert.Equal(0, new FileInfo(PathOf("state.db")).Length);
    }

    [Fact]
    public void State_file_others_can_read_is_refused()
    {
        using (NodeStateStore.Open(PathOf("state.db"), _node)) { }
        File.SetUnixFileMode(PathOf("state.db"), OwnerOnly | UnixFileMode.OtherRead);

        Assert.Contains("chmod 600", Assert.Throws<NodeStateException>(() => NodeStateStore.Open(PathOf("state.db"), _node)).Message);
    }

    [Fact]
    public void Node_key_and_control_token_files_others_can_read_are_refused()
    {
        SecretFile.NodeKey(PathOf("node.key"));
        SecretFile.Token(PathOf("control.token"));
        File.SetUnixFileMode(PathOf("node.key"), OwnerOnly | UnixFileMode.GroupRead);
        File.SetUnixFileMode(PathOf("control.token"), OwnerOnly | UnixFileMode.OtherRead);

        Assert.Contains("chmod 600", Assert.Throws<SecretFileException>(() => SecretFile.NodeKey(PathOf("node.key"))).Message);
        Assert.Contains("chmod 600", Assert.Throws<SecretFileException>(() => SecretFile.Token(PathOf("control.token"))).Message);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
