using GigGossip.Lnd;
using GigGossip.Lnd.Rest;
using GigGossip.Payments;

namespace GigGossip.Cli.Config;

/// <summary>The node's wallet as its config names it: the wallet service (signed in with the account key) or its own LND node.</summary>
internal static class NodeWallets
{
    public static IHodlWallet Open(Node.Config.WalletConfig wallet)
    {
        if (wallet.Lnd is not { } lnd) return new Wallet.Client.WalletHttpClient(wallet.Url, wallet.AccountKey);
        try
        {
            return OpenLnd(lnd);
        }
        catch (ServiceConfigException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
        catch (WalletException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <summary>
    /// A node's or the settler's own LND node over its REST API. A config that cannot be used is a <see cref="ServiceConfigException"/>,
    /// an LND that does not answer a <see cref="WalletException"/>, each one line naming the wallet. <paramref name="time"/> is the
    /// clock the host runs on (the system clock unless a test runs everything on one fake clock).
    /// </summary>
    public static IHodlWallet OpenLnd(Node.Config.LndWalletConfig lnd, TimeProvider? time = null)
    {
        try
        {
            var connection = LndConnection.FromFiles(lnd.RestUrl.ToString(), lnd.MacaroonFile, lnd.TlsCertFile);
            return LndHodlWallet.ConnectAsync(new LndRestClient(connection), new LndWalletOptions(), time).GetAwaiter().GetResult();
        }
        catch (LndConfigException e)
        {
            throw new ServiceConfigException($"wallet: {e.Message}");
        }
        catch (WalletException e)
        {
            throw new WalletException(e.Error, $"lnd at {lnd.RestUrl}: {e.Message}");
        }
    }
}
