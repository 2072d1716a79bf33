using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Http;
using GigGossip.Settler.Storage;

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

    /// <summary>Reads the config file's "settler" section and checks it field by field; <paramref name="database"/> overrides its database.</summary>
    /// <exception cref="ConfigException">The file or a field cannot be used.</exception>
    public static SettlerServerOptions Load(string path, string? database = null)
    {
        var settler = ServiceConfig.Load<SettlerConfig>(path, "settler");
        database ??= settler.Database;
        var policy = settler.Policy ?? new SettlerPolicyConfig();
        return new SettlerServerOptions
        {
            Database = PostgresUri.IsPostgres(database ?? "") ? database! : ServiceConfig.RequiredPath(database, "settler.database", path),
            AdminTokenFile = ServiceConfig.RequiredPath(settler.AdminTokenFile, "settler.adminTokenFile", path),
            WalletUri = ServiceConfig.HttpUri(settler.WalletUri, "settler.walletUri"),
            Address = ServiceConfig.Address(settler.Host, "settler.host"),
            Port = ServiceConfig.Port(settler.Port, "settler.port"),
            PublicUri = settler.PublicUri is null ? null : ServiceConfig.HttpUri(settler.PublicUri, "settler.publicUri").AbsoluteUri.TrimEnd('/'),
            Policy = new SettlerPolicy
            {
                NetworkFeeMsat = Positive(policy.NetworkFeeMsat, long.MaxValue, "settler.policy.networkFeeMsat"),
                LockTimeoutMs = Seconds(policy.LockTimeoutSeconds, "settler.policy.lockTimeoutSeconds"),
                DisputeWindowMs = Seconds(policy.DisputeWindowSeconds, "settler.policy.disputeWindowSeconds"),
                InvoiceExpiryMs = Seconds(policy.InvoiceExpirySeconds, "settler.policy.invoiceExpirySeconds"),
                RevocationListValidityMs = Seconds(policy.RevocationListValiditySeconds, "settler.policy.revocationListValiditySeconds"),
                Registration = Registration(policy.Registration),
            },
        };
    }

    /// <summary>"open" (any key that registers gets a certificate, the default) or "approval" (the operator approves first).</summary>
    private static RegistrationPolicy Registration(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "open" => RegistrationPolicy.Open,
        "approval" => RegistrationPolicy.Approval,
        _ => throw new ConfigException($"settler.policy.registration must be \"open\" or \"approval\", got \"{value}\""),
    };

    /// <summary>At most ten years, in milliseconds.</summary>
    private static long Seconds(long value, string field) => Positive(value, 10 * 366 * 86_400L, field) * 1000;

    private static long Positive(long value, long max, string field) =>
        value > 0 && value <= max ? value : throw new ConfigException($"{field} must be positive{(max < long.MaxValue ? $" and at most {max}" : "")}, got {value}");
}

/// <summary>The settler's policy in config units (seconds); defaults as <see cref="Protocol.Settlement.SettlerPolicy"/>.</summary>
internal sealed class SettlerPolicyConfig
{
    public long NetworkFeeMsat { get; set; } = 1_000;

    public long LockTimeoutSeconds { get; set; } = 120;

    public long DisputeWindowSeconds { get; set; } = 900;

    public long InvoiceExpirySeconds { get; set; } = 600;

    public long RevocationListValiditySeconds { get; set; } = 3_600;

    /// <summary>"open" (default) or "approval".</summary>
    public string? Registration { get; set; }
}
