namespace GigGossip.Cli.Config;

/// <summary>
/// The "settler" section: <c>{"settler": {"database": "settler.db" | "postgres://...", "adminTokenFile": "settler-admin.token",
/// "walletUri": "http://127.0.0.1:8081", "host": "127.0.0.1", "port": 8082, "publicUri": null, "policy": {...}}}</c>.
/// </summary>
internal sealed class SettlerConfig
{
    public string? Database { get; set; }

    public string? AdminTokenFile { get; set; }

    public string? WalletUri { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 8082;

    public string? PublicUri { get; set; }

    public SettlerPolicyConfig Policy { get; set; } = new();
}

/// <summary>The settler's policy in config units (seconds); defaults as <see cref="Protocol.Settlement.SettlerPolicy"/>.</summary>
internal sealed class SettlerPolicyConfig
{
    public long NetworkFeeMsat { get; set; } = 1_000;

    public long LockTimeoutSeconds { get; set; } = 120;

    public long DisputeWindowSeconds { get; set; } = 900;

    public long InvoiceExpirySeconds { get; set; } = 600;

    public long RevocationListValiditySeconds { get; set; } = 3_600;
}
