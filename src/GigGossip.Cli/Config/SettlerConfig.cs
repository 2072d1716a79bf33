using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Http;
using GigGossip.Settler.Storage;

namespace GigGossip.Cli.Config;

/// <summary>
/// The "settler" section: <c>{"settler": {"database": "settler.db" | "postgres://...", "adminTokenFile": "settler-admin.token",
/// "walletUri": "http://127.0.0.1:8081" | "wallet": {"kind": "lnd", ...}, "host": "127.0.0.1", "port": 8082, "publicUri": null, "policy": {...}}}</c>.
/// </summary>
internal sealed class SettlerConfig
{
    public string? Database { get; set; }

    public string? AdminTokenFile { get; set; }

    public string? WalletUri { get; set; }

    public SettlerWalletConfig? Wallet { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 8082;

    public string? PublicUri { get; set; }

    public SettlerPolicyConfig Policy { get; set; } = new();

    /// <summary>Settler processes sharing one PostgreSQL database: how often each looks for due timers, in ms (default 1000).</summary>
    public int TimerPollMs { get; set; } = 1_000;

    /// <summary>
    /// Settler processes sharing one PostgreSQL database: a settle or cancel is made again this many seconds after its decision
    /// unless it went through (so a process killed in between loses nothing; default 30).
    /// </summary>
    public int WalletCallGuardSeconds { get; set; } = 30;

    /// <summary>Per-client limits on unauthenticated calls (reply hashes, promises, registrations): <c>{"burst": 120, "perMinute": 600}</c>.</summary>
    public SettlerClientLimitsConfig? ClientLimits { get; set; }

    /// <summary>
    /// Reads the config file's "settler" section and checks it field by field; <paramref name="database"/> overrides its database,
    /// <paramref name="time"/> the clock the settler and its LND wallet run on (the system clock by default).
    /// </summary>
    /// <exception cref="ServiceConfigException">The file or a field cannot be used.</exception>
    public static SettlerServerOptions Load(string path, string? database = null, TimeProvider? time = null)
    {
        var settler = ServiceConfig.Load<SettlerConfig>(path, "settler");
        database ??= settler.Database;
        var policy = settler.Policy ?? new SettlerPolicyConfig();
        var (walletUri, lnd) = SettlerWalletConfig.Read(settler.WalletUri, settler.Wallet, path);
        var htlc = SettlerWalletConfig.ReadHtlc(settler.Wallet, path);
        return new SettlerServerOptions
        {
            Database = PostgresUri.IsPostgres(database ?? "") ? database! : ServiceConfig.RequiredPath(database, "settler.database", path),
            AdminTokenFile = ServiceConfig.RequiredPath(settler.AdminTokenFile, "settler.adminTokenFile", path),
            WalletUri = walletUri,
            Wallet = htlc is not null ? key => NodeWallets.OpenHtlc(htlc, key.PublicKey.ToHex(), time) : lnd is null ? null : _ => NodeWallets.OpenLnd(lnd, time),
            Time = time ?? TimeProvider.System,
            InvoiceCltvDelta = htlc is not null ? Node.Config.HtlcWalletConfig.InvoiceCltvDelta : lnd is null ? 1 : LndSettlerInvoiceCltvDelta,
            Address = ServiceConfig.Address(settler.Host, "settler.host"),
            Port = ServiceConfig.Port(settler.Port, "settler.port"),
            PublicUri = settler.PublicUri is null ? null : ServiceConfig.HttpUri(settler.PublicUri, "settler.publicUri").AbsoluteUri.TrimEnd('/'),
            Policy = Checked(policy) with { RequiredProperties = RequiredPropertiesConfig.Read(path) },
            TimerPollInterval = TimeSpan.FromMilliseconds(Positive(settler.TimerPollMs, 3_600_000, "settler.timerPollMs")),
            WalletCallGuard = TimeSpan.FromSeconds(Positive(settler.WalletCallGuardSeconds, 86_400, "settler.walletCallGuardSeconds")),
            ClientLimits = settler.ClientLimits is { } limits
                ? new SettlerClientLimits
                {
                    Burst = (int)Positive(limits.Burst, 1_000_000, "settler.clientLimits.burst"),
                    PerMinute = (int)Positive(limits.PerMinute, 60_000_000, "settler.clientLimits.perMinute"),
                }
                : new SettlerClientLimits(),
        };
    }

    /// <summary>
    /// The settler's network invoices on LND ask 40 blocks: LND cancels a held invoice 12 blocks before its HTLC expires, which
    /// leaves the settler about 5 hours, past the default min_hold_until (end of pickup window + 85 minutes).
    /// </summary>
    public const int LndSettlerInvoiceCltvDelta = 40;

    /// <summary>The policy with its deadlines checked against each other (<see cref="SettlerPolicy.Problems"/>).</summary>
    private static SettlerPolicy Checked(SettlerPolicyConfig policy)
    {
        var lockTimeout = Seconds(policy.LockTimeoutSeconds, "settler.policy.lockTimeoutSeconds");
        var settler = new SettlerPolicy
        {
            NetworkFeeMsat = Positive(policy.NetworkFeeMsat, long.MaxValue, "settler.policy.networkFeeMsat"),
            LockTimeoutMs = lockTimeout,
            MaxReplyWindowMs = policy.MaxReplyWindowSeconds is { } window ? Seconds(window, "settler.policy.maxReplyWindowSeconds") : Math.Min(lockTimeout, 3_600_000),
            CompletionTimeMs = Seconds(policy.CompletionTimeSeconds, "settler.policy.completionTimeSeconds"),
            DisputeWindowMs = Seconds(policy.DisputeWindowSeconds, "settler.policy.disputeWindowSeconds"),
            HoldMarginMs = Seconds(policy.HoldMarginSeconds, "settler.policy.holdMarginSeconds"),
            InvoiceExpiryMs = policy.InvoiceExpirySeconds is { } expiry ? Seconds(expiry, "settler.policy.invoiceExpirySeconds") : Math.Max(lockTimeout, 600_000),
            RevocationListValidityMs = Seconds(policy.RevocationListValiditySeconds, "settler.policy.revocationListValiditySeconds"),
            Registration = Registration(policy.Registration),
        };
        return settler.Problems() is { Count: > 0 } problems ? throw new ServiceConfigException($"settler.policy: {problems[0]}") : settler;
    }

    /// <summary>"open" (any key that registers gets a certificate, the default) or "approval" (the operator approves first).</summary>
    private static RegistrationPolicy Registration(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "open" => RegistrationPolicy.Open,
        "approval" => RegistrationPolicy.Approval,
        _ => throw new ServiceConfigException($"settler.policy.registration must be \"open\" or \"approval\", got \"{value}\""),
    };

    /// <summary>At most ten years, in milliseconds.</summary>
    private static long Seconds(long value, string field) => Positive(value, 10 * 366 * 86_400L, field) * 1000;

    private static long Positive(long value, long max, string field) =>
        value > 0 && value <= max ? value : throw new ServiceConfigException($"{field} must be positive{(max < long.MaxValue ? $" and at most {max}" : "")}, got {value}");
}

/// <summary>The "clientLimits" of the settler section; defaults as <see cref="SettlerClientLimits"/>.</summary>
internal sealed class SettlerClientLimitsConfig
{
    public int Burst { get; set; } = new SettlerClientLimits().Burst;

    public int PerMinute { get; set; } = new SettlerClientLimits().PerMinute;
}

/// <summary>The settler's policy in config units (seconds); defaults as <see cref="Protocol.Settlement.SettlerPolicy"/>.</summary>
internal sealed class SettlerPolicyConfig
{
    public long NetworkFeeMsat { get; set; } = 1_000;

    public long LockTimeoutSeconds { get; set; } = 3_900;

    /// <summary>The longest reply window a request may ask for; must not exceed the lock timeout (default: the lock timeout, at most an hour).</summary>
    public long? MaxReplyWindowSeconds { get; set; }

    public long CompletionTimeSeconds { get; set; } = 3_600;

    public long DisputeWindowSeconds { get; set; } = 900;

    public long HoldMarginSeconds { get; set; } = 600;

    /// <summary>How long the network invoice stays payable; must not be shorter than the lock timeout (default: the lock timeout, at least 600).</summary>
    public long? InvoiceExpirySeconds { get; set; }

    public long RevocationListValiditySeconds { get; set; } = 3_600;

    /// <summary>"open" (default) or "approval".</summary>
    public string? Registration { get; set; }

    /// <summary>
    /// Per job kind, the properties a replier's certificate must carry: <c>{"taxi": ["driving_licence"], "delivery": []}</c>;
    /// kinds not named need nothing (default: a taxi needs "driving_licence"). Read from the file by
    /// <see cref="RequiredPropertiesConfig"/> (an empty list or object means something here, which the binder would drop).
    /// </summary>
    public Microsoft.Extensions.Configuration.IConfigurationSection? RequiredProperties { get; set; }
}
