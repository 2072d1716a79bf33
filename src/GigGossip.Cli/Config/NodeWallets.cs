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
            var connection = LndConnection.FromFiles(lnd.RestUrl.ToString(), lnd.MacaroonFile, lnd.TlsCertFile);
            return LndHodlWallet.ConnectAsync(new LndRestClient(connection), new LndWalletOptions()).GetAwaiter().GetResult();
        }
        catch (LndConfigException e)
        {
            throw new InvalidOperationException($"wallet: {e.Message}", e);
        }
        catch (WalletException e)
        {
            throw new InvalidOperationException($"lnd at {lnd.RestUrl}: {e.Message}", e);
        }
    }
}
