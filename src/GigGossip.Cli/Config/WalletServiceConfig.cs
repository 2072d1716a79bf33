using GigGossip.Protocol.Bolt11;
using GigGossip.Wallet;

namespace GigGossip.Cli.Config;

/// <summary>The "wallet" section: <c>{"wallet": {"ledger": "wallet.db", "adminTokenFile": "wallet-admin.token", "host": "127.0.0.1", "port": 8081, "network": "regtest"}}</c>.</summary>
internal sealed class WalletServiceConfig
{
    public string? Ledger { get; set; }

    public string? AdminTokenFile { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 8081;

    public string? Network { get; set; }

    /// <summary>Reads the config file's "wallet" section and checks it field by field.</summary>
    /// <exception cref="ServiceConfigException">The file or a field cannot be used.</exception>
    public static WalletServerOptions Load(string path)
    {
        var wallet = ServiceConfig.Load<WalletServiceConfig>(path, "wallet");
        return new WalletServerOptions
        {
            LedgerPath = ServiceConfig.RequiredPath(wallet.Ledger, "wallet.ledger", path),
            AdminTokenFile = ServiceConfig.RequiredPath(wallet.AdminTokenFile, "wallet.adminTokenFile", path),
            Address = ServiceConfig.Address(wallet.Host, "wallet.host"),
            Port = ServiceConfig.Port(wallet.Port, "wallet.port"),
            Network = Bolt11Networks.FromCurrencyPrefix(wallet.Network ?? "bcrt") ?? throw new ServiceConfigException($"wallet.network '{wallet.Network}' is not bc, tb, tbs or bcrt"),
        };
    }
}
