namespace GigGossip.Node.Config;

/// <summary>
/// An on-chain HTLC wallet as a node's or the settler's wallet (<c>"wallet": {"kind": "htlc", "rpcUrl", "rpcUser" and
/// "rpcPassword" or "rpcCookieFile", "walletFile", "network", "confirmations", "pollMilliseconds"}</c>): Bitcoin Core's
/// JSON-RPC address and credentials, the wallet's SQLite file (its key is made there on first start), the network, the
/// depth a funding must reach before an invoice counts as Accepted, and how often the wallet reads the chain.
/// </summary>
public sealed record HtlcWalletConfig(
    Uri RpcUrl, string? RpcUser, string? RpcPassword, string? RpcCookieFile, string WalletFile, string Network, int Confirmations, TimeSpan PollInterval)
{
    public const int DefaultConfirmations = 3;
    public const int DefaultPollMilliseconds = 5_000;

    /// <summary>
    /// On an HTLC wallet, invoices ask 18 blocks (the final hop's expiry delta of <c>HtlcTimeoutPlan</c>) and a hop lets
    /// its downstream payment be held <see cref="HoldDeltaMs"/> less than its own: 45 blocks of 10 minutes, above the
    /// wallet's 40-block forwarding delta with room for blocks mined between being paid and paying on.
    /// </summary>
    public const int InvoiceCltvDelta = 18;

    public const long HoldDeltaMs = 45 * 600_000L;

    /// <summary>A sender on chain holds the network invoice 2 days (288 blocks: room for five hops of 45 blocks and the settler's 18) and the reply invoice 12 hours.</summary>
    public const long NetworkHoldMs = 288 * 600_000L;

    public const long ReplyHoldMs = 72 * 600_000L;
}

/// <summary>The fields of an htlc wallet section as written, before checking.</summary>
public sealed record HtlcWalletFields(
    string? RpcUrl, string? RpcUser, string? RpcPassword, string? RpcCookieFile, string? WalletFile, string? Network, int? Confirmations, int? PollMilliseconds)
{
    public bool Any => RpcUrl is not null || RpcUser is not null || RpcPassword is not null || RpcCookieFile is not null || WalletFile is not null
        || Network is not null || Confirmations is not null || PollMilliseconds is not null;

    /// <summary>
    /// Checks the fields; <paramref name="prefix"/> names the section in messages (<c>wallet</c>, <c>settler.wallet</c>),
    /// <paramref name="resolve"/> makes paths relative to the config file absolute. A problem is a <see cref="ConfigException"/> naming the field.
    /// </summary>
    public HtlcWalletConfig Read(string prefix, Func<string, string> resolve)
    {
        var text = Required(RpcUrl, prefix + ".rpcUrl");
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0 || url.Fragment.Length > 0)
            throw new ConfigException(prefix + ".rpcUrl", $"'{text}' is not Bitcoin Core's JSON-RPC address as an http(s) URL (e.g. http://127.0.0.1:18443)");
        if (RpcCookieFile is not null && (RpcUser is not null || RpcPassword is not null))
            throw new ConfigException(prefix + ".rpcCookieFile", "give rpcCookieFile or rpcUser and rpcPassword, not both");
        if (RpcCookieFile is null)
        {
            if (string.IsNullOrWhiteSpace(RpcUser)) throw new ConfigException(prefix + ".rpcUser", "is required (or rpcCookieFile, bitcoind's .cookie)");
            if (RpcUser.Contains(':')) throw new ConfigException(prefix + ".rpcUser", "cannot contain ':'");
            if (RpcPassword is null) throw new ConfigException(prefix + ".rpcPassword", "is required with rpcUser");
        }
        var network = (Network ?? "regtest").Trim().ToLowerInvariant();
        if (network is not ("mainnet" or "testnet" or "signet" or "regtest"))
            throw new ConfigException(prefix + ".network", $"'{Network}' is not a network: mainnet, testnet, signet or regtest");
        var confirmations = Confirmations ?? HtlcWalletConfig.DefaultConfirmations;
        if (confirmations is < 1 or > 100) throw new ConfigException(prefix + ".confirmations", $"must be 1-100, got {confirmations}");
        var poll = PollMilliseconds ?? HtlcWalletConfig.DefaultPollMilliseconds;
        if (poll is < 50 or > 600_000) throw new ConfigException(prefix + ".pollMilliseconds", $"must be 50-600000, got {poll}");
        return new HtlcWalletConfig(new Uri(url.GetLeftPart(UriPartial.Path)), RpcUser, RpcPassword, RpcCookieFile is null ? null : resolve(RpcCookieFile),
            resolve(Required(WalletFile, prefix + ".walletFile")), network, confirmations, TimeSpan.FromMilliseconds(poll));
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ConfigException(field, "is required") : value;
}
