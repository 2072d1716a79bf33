namespace GigGossip.Cli.Config;

/// <summary>
/// The settler's "wallet" section: <c>{"kind": "service", "url": ...}</c> (as <c>walletUri</c>) or
/// <c>{"kind": "lnd", "restUrl", "macaroonFile", "tlsCertFile"}</c>, the settler's own LND node, or <c>{"kind": "htlc", "rpcUrl", ...}</c>,
/// an on-chain HTLC wallet on Bitcoin Core (<see cref="Node.Config.HtlcWalletConfig"/>). The settler needs only
/// what its own node shows (its network invoices); that a reply invoice is accepted it learns from the replier's signed
/// statement (docs/protocol/reply-acceptance.md).
/// </summary>
internal sealed class SettlerWalletConfig : Node.Config.WalletSectionFields
{
    /// <summary>The settler's on-chain HTLC wallet when the section is <c>"kind": "htlc"</c>, else null (see <see cref="Read"/>).</summary>
    public static Node.Config.HtlcWalletConfig? ReadHtlc(SettlerWalletConfig? wallet, string configPath)
    {
        if (wallet?.Kind != "htlc") return null;
        if (wallet.Url is not null || wallet.AnyLnd)
            throw new ServiceConfigException("settler.wallet: url, restUrl, macaroonFile and tlsCertFile are not for \"kind\": \"htlc\"; it takes rpcUrl, rpcUser and rpcPassword (or rpcCookieFile), walletFile, network, confirmations");
        return Checked(() => wallet.Htlc.Read("settler.wallet", Resolve(configPath)));
    }

    /// <summary>The wallet service URI from <c>walletUri</c> or <c>wallet</c> (exactly one), or the settler's LND node.</summary>
    public static (Uri? Service, Node.Config.LndWalletConfig? Lnd) Read(string? walletUri, SettlerWalletConfig? wallet, string configPath)
    {
        if (wallet is null) return (ServiceConfig.HttpUri(walletUri, "settler.walletUri"), null);
        if (walletUri is not null) throw new ServiceConfigException("settler.walletUri and settler.wallet are both set; keep one");
        if (wallet.Kind != "htlc" && wallet.Htlc.Any)
            throw new ServiceConfigException($"settler.wallet: rpcUrl, rpcUser, rpcPassword, rpcCookieFile, walletFile, network, confirmations and pollMilliseconds are for \"kind\": \"htlc\", not \"{wallet.Kind ?? "service"}\"");
        switch (wallet.Kind ?? "service")
        {
            case "service":
                if (wallet.AnyLnd)
                    throw new ServiceConfigException("settler.wallet: restUrl, macaroonFile and tlsCertFile are for \"kind\": \"lnd\"");
                return (ServiceConfig.HttpUri(wallet.Url, "settler.wallet.url"), null);
            case "lnd":
                if (wallet.Url is not null) throw new ServiceConfigException("settler.wallet.url is for \"kind\": \"service\"; an lnd wallet takes restUrl");
                return (null, Checked(() => wallet.ReadLnd("settler.wallet", Resolve(configPath))));
            case "htlc":
                return (null, null);
            default:
                throw new ServiceConfigException($"settler.wallet.kind '{wallet.Kind}' is not a wallet kind: \"service\", \"lnd\" or \"htlc\"");
        }
    }

    private static Func<string, string> Resolve(string configPath) => path => ServiceConfig.RequiredPath(path, "settler.wallet", configPath);

    /// <summary>A shared wallet-field check's <see cref="Node.Config.ConfigException"/> as this config's one-line error naming the field.</summary>
    private static T Checked<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Node.Config.ConfigException e)
        {
            throw new ServiceConfigException($"{e.Field} {e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]}");
        }
    }
}
