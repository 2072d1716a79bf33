namespace GigGossip.Node.Config;

/// <summary>
/// The node config's "wallet" section: <c>"kind": "service"</c> (the default: the wallet service at <c>url</c>, signed
/// in with <c>accountKeyFile</c>) or <c>"kind": "lnd"</c> (the node's own LND: <c>restUrl</c>, <c>macaroonFile</c>,
/// <c>tlsCertFile</c>) or <c>"kind": "htlc"</c> (an on-chain HTLC wallet on Bitcoin Core's RPC, <see cref="HtlcWalletFields"/>).
/// A field of another kind is refused, so a half-edited config does not silently use the wrong wallet.
/// </summary>
internal static class WalletSectionReader
{
    public const string Service = "service";
    public const string Lnd = "lnd";
    public const string Htlc = "htlc";

    /// <summary>The wallet service URL, or for an LND wallet its REST URL (what start-up messages name).</summary>
    public static Uri Url(NodeConfigFile.WalletSection wallet, Func<string, string> resolve) => Kind(wallet) switch
    {
        Lnd => ReadLnd(wallet, resolve)!.RestUrl,
        Htlc => ReadHtlc(wallet, resolve)!.RpcUrl,
        _ => ServiceUrl(wallet),
    };

    public static HtlcWalletConfig? ReadHtlc(NodeConfigFile.WalletSection wallet, Func<string, string> resolve)
    {
        if (Kind(wallet) != Htlc) return null;
        foreach (var (value, field) in new[] { (wallet.Url, "url"), (wallet.AccountKeyFile, "accountKeyFile"), (wallet.RestUrl, "restUrl"), (wallet.MacaroonFile, "macaroonFile"), (wallet.TlsCertFile, "tlsCertFile") })
            if (value is not null) throw new ConfigException("wallet." + field, "is not for \"kind\": \"htlc\"; an htlc wallet takes rpcUrl, rpcUser and rpcPassword (or rpcCookieFile), walletFile, network, confirmations");
        return wallet.Htlc.Read("wallet", resolve);
    }

    public static LndWalletConfig? ReadLnd(NodeConfigFile.WalletSection wallet, Func<string, string> resolve)
    {
        if (Kind(wallet) != Lnd) return null;
        RefuseHtlcFields(wallet, Lnd);
        if (wallet.Url is not null) throw new ConfigException("wallet.url", "is for \"kind\": \"service\"; an lnd wallet takes restUrl, macaroonFile and tlsCertFile");
        if (wallet.AccountKeyFile is not null) throw new ConfigException("wallet.accountKeyFile", "is for \"kind\": \"service\"; an lnd wallet signs in with its macaroon");
        return wallet.ReadLnd("wallet", resolve);
    }

    private static string Kind(NodeConfigFile.WalletSection wallet) => wallet.Kind switch
    {
        null or Service => Service,
        Lnd => Lnd,
        Htlc => Htlc,
        var other => throw new ConfigException("wallet.kind", $"'{other}' is not a wallet kind: \"service\" (the default), \"lnd\" or \"htlc\""),
    };

    private static void RefuseHtlcFields(NodeConfigFile.WalletSection wallet, string kind)
    {
        if (wallet.Htlc.Any) throw new ConfigException("wallet", $"rpcUrl, rpcUser, rpcPassword, rpcCookieFile, walletFile, network, confirmations and pollMilliseconds are for \"kind\": \"htlc\", not \"{kind}\"");
    }

    private static Uri ServiceUrl(NodeConfigFile.WalletSection wallet)
    {
        RefuseHtlcFields(wallet, Service);
        foreach (var (value, field) in new[] { (wallet.RestUrl, "restUrl"), (wallet.MacaroonFile, "macaroonFile"), (wallet.TlsCertFile, "tlsCertFile") })
            if (value is not null) throw new ConfigException("wallet." + field, "is for \"kind\": \"lnd\"; set \"kind\": \"lnd\" or remove it");
        var text = Required(wallet.Url, "wallet.url");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ConfigException("wallet.url", $"'{text}' is not an absolute http(s) URL");
        return url;
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ConfigException(field, "is required") : value;
}
