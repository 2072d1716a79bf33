using System.Runtime.Versioning;
using GigGossip.Settler.Storage;

namespace GigGossip.Settler.Tests;

/// <summary>settler.db holds the settler's key and every held preimage: owner-only, and never replaced when empty or damaged.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SettlerDatabaseFileTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempDir _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task New_settler_database_and_its_wal_are_owner_only()
    {
        var path = _dir.File("settler.db");
        await using (var store = await SqliteSettlerStore.OpenAsync(path, Ct))
        {
            await store.LoadAsync(Ct);
            await store.SaveIdentityAsync(Protocol.Crypto.SecretKey.Generate(), "http://127.0.0.1:1", Ct);
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(path + "-wal"));
        }
    }

    [Fact]
    public async Task Zero_byte_settler_database_is_refused_not_given_a_new_identity()
    {
        var path = _dir.File("settler.db");
        using (File.Create(path)) { }
        File.SetUnixFileMode(path, OwnerOnly);

        var refusal = await Assert.ThrowsAsync<SettlerStoreException>(() => SqliteSettlerStore.OpenAsync(path, Ct));

        Assert.Contains("is empty (0 bytes)", refusal.Message);
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public async Task Settler_database_others_can_read_is_refused()
    {
        var path = _dir.File("settler.db");
        await using (var store = await SqliteSettlerStore.OpenAsync(path, Ct))
        {
            await store.LoadAsync(Ct);
            await store.SaveIdentityAsync(Protocol.Crypto.SecretKey.Generate(), "http://127.0.0.1:1", Ct);
        }
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead);

        Assert.Contains("chmod 600", (await Assert.ThrowsAsync<SettlerStoreException>(() => SqliteSettlerStore.OpenAsync(path, Ct))).Message);
    }

    public void Dispose() => _dir.Dispose();
}
