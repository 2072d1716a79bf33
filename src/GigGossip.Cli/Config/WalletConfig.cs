namespace GigGossip.Cli.Config;

/// <summary>The "wallet" section: <c>{"wallet": {"ledger": "wallet.db", "adminTokenFile": "wallet-admin.token", "host": "127.0.0.1", "port": 8081, "network": "regtest"}}</c>.</summary>
internal sealed class WalletConfig
{
    public string? Ledger { get; set; }

    public string? AdminTokenFile { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 8081;

    public string? Network { get; set; }
}
