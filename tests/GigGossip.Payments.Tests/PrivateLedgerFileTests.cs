using System.Runtime.Versioning;
using GigGossip.Payments.Ledger;
using GigGossip.Payments.Storage;
using GigGossip.Payments.Tests.Support;

namespace GigGossip.Payments.Tests;

/// <summary>
/// The wallet's ledger file holds its node secret key, payment secrets and preimages: created owner-only with its
/// side files, refused when others can read it, when it is empty or when its pages are damaged; never replaced.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class PrivateLedgerFileTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempLedgerFile _files = new();

    private static void FundedLedger(string path)
    {
        using var ledger = HodlLedger.Open(path, TestTime.T0);
        for (var i = 0; i < 200; i++)
        {
            ledger.OpenAccount($"account-{i}", TestTime.T0);
            ledger.Fund($"account-{i}", 1_000 + i, TestTime.T0);
        }
    }

    [Fact]
    public void New_ledger_and_its_wal_and_shm_files_are_owner_only_whatever_the_umask()
    {
        using var ledger = HodlLedger.Open(_files.Path, TestTime.T0);
        ledger.OpenAccount("alice", TestTime.T0);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(_files.Path));
        Assert.True(File.Exists(_files.Path + "-wal"));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(_files.Path + "-wal"));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(_files.Path + "-shm"));
    }

    [Fact]
    public void Ledger_others_can_read_is_refused_with_the_fix()
    {
        FundedLedger(_files.Path);
        File.SetUnixFileMode(_files.Path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var refusal = Assert.Throws<LedgerFileException>(() => HodlLedger.Open(_files.Path, TestTime.T0));

        Assert.Contains("can be read by other users", refusal.Message);
        Assert.Contains($"chmod 600 {_files.Path}", refusal.Message);
    }

    [Fact]
    public void Exposed_wal_side_file_is_refused()
    {
        FundedLedger(_files.Path);
        File.WriteAllBytes(_files.Path + "-wal", []);
        File.SetUnixFileMode(_files.Path + "-wal", OwnerOnly | UnixFileMode.OtherRead);

        Assert.Contains("-wal can be read by other users", Assert.Throws<LedgerFileException>(() => HodlLedger.Open(_files.Path, TestTime.T0)).Message);
    }

    [Fact]
    public void Zero_byte_ledger_is_refused_and_left_as_it_is()
    {
        using (File.Create(_files.Path)) { }
        File.SetUnixFileMode(_files.Path, OwnerOnly);

        var refusal = Assert.Throws<LedgerFileException>(() => HodlLedger.Open(_files.Path, TestTime.T0));

        Assert.Contains("is empty (0 bytes)", refusal.Message);
        Assert.Equal(0, new FileInfo(_files.Path).Length);
        Assert.Throws<LedgerFileException>(() => LedgerAudit.CheckFile(_files.Path));
    }

    [Fact]
    public void Ledger_with_a_damaged_page_is_refused_before_it_serves()
    {
        FundedLedger(_files.Path);
        Damage(_files.Path);

        var refusal = Assert.Throws<LedgerFileException>(() => HodlLedger.Open(_files.Path, TestTime.T0));

        Assert.DoesNotContain('\n', refusal.Message);
        Assert.Throws<LedgerFileException>(() => LedgerAudit.CheckFile(_files.Path));
    }

    [Fact]
    public void Damage_check_passes_a_sound_ledger()
    {
        FundedLedger(_files.Path);
        using var ledger = HodlLedger.Open(_files.Path, TestTime.T0);
        var audit = ledger.Audit();
        Assert.Equal((219_900L, true), (audit.Totals.MintedMsat, audit.Balanced));
    }

    /// <summary>Overwrites the middle of the file's second-to-last page with junk, as a bad disk sector would.</summary>
    internal static void Damage(string path)
    {
        const int page = 4096;
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        Assert.True(file.Length >= 3 * page, $"ledger has only {file.Length} bytes");
        file.Position = file.Length - 2 * page + 8;
        file.Write(Enumerable.Repeat((byte)0xA5, page - 16).ToArray());
    }

    public void Dispose() => _files.Dispose();
}
