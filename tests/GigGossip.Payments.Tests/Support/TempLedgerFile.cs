namespace GigGossip.Payments.Tests.Support;

/// <summary>A fresh directory for one test's ledger files, deleted afterwards.</summary>
internal sealed class TempLedgerFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("giggossip-ledger-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "wallet.db");

    public string NewPath(string name) => System.IO.Path.Combine(_directory, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a crashed ledger: the OS temp cleaner takes it later.
        }
    }
}
