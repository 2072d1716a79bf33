namespace GigGossip.Cli.Config;

/// <summary>
/// The settler's "wallet" section: <c>{"kind": "service", "url": ...}</c> (as <c>walletUri</c>) or
/// <c>{"kind": "lnd", "restUrl", "macaroonFile", "tlsCertFile"}</c>. An LND wallet is read and checked, then refused:
/// the settler engine still learns that the replier's reply invoice is accepted by watching another account's invoice
/// (IInvoiceWatchingWallet), which a Lightning node cannot show; until that dependency is gone the settler runs on the
/// wallet service.
/// </summary>
internal sealed class SettlerWalletConfig
{
    public string? Kind { get; set; }

    public string? Url { get; set; }

    public string? RestUrl { get; set; }

    public string? MacaroonFile { get; set; }

    public string? TlsCertFile { get; set; }

    /// <summary>The wallet service URI from <c>walletUri</c> or <c>wallet</c> (exactly one); an LND wallet is a <see cref="ConfigException"/> saying why.</summary>
    public static Uri WalletUri(string? walletUri, SettlerWalletConfig? wallet, string configPath)
    {
        if (wallet is null) return ServiceConfig.HttpUri(walletUri, "settler.walletUri");
        if (walletUri is not null) throw new ConfigException("settler.walletUri and settler.wallet are both set; keep one");
        switch (wallet.Kind ?? "service")
        {
            case "service":
                if (wallet.RestUrl is not null || wallet.MacaroonFile is not null || wallet.TlsCertFile is not null)
                    throw new ConfigException("settler.wallet: restUrl, macaroonFile and tlsCertFile are for \"kind\": \"lnd\"");
                return ServiceConfig.HttpUri(wallet.Url, "settler.wallet.url");
            case "lnd":
                if (wallet.Url is not null) throw new ConfigException("settler.wallet.url is for \"kind\": \"service\"; an lnd wallet takes restUrl");
                var url = ServiceConfig.HttpUri(wallet.RestUrl, "settler.wallet.restUrl");
                if (url.Scheme != Uri.UriSchemeHttps) throw new ConfigException($"settler.wallet.restUrl '{wallet.RestUrl}' must be https (LND's REST address)");
                foreach (var (file, field) in new[] { (wallet.MacaroonFile, "settler.wallet.macaroonFile"), (wallet.TlsCertFile, "settler.wallet.tlsCertFile") })
                {
                    var path = ServiceConfig.RequiredPath(file, field, configPath);
                    if (!File.Exists(path)) throw new ConfigException($"{field} {path} does not exist");
                }
                throw new ConfigException("settler.wallet.kind \"lnd\" is not supported yet: the settler watches the replier's reply invoice on "
                    + "the wallet service (another account's invoice), which a Lightning node cannot show; run the settler on \"kind\": \"service\"");
            default:
                throw new ConfigException($"settler.wallet.kind '{wallet.Kind}' is not a wallet kind: \"service\" or \"lnd\"");
        }
    }
}
