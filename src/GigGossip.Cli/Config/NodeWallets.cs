using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Chain;
using GigGossip.Htlc.Wallet;
using GigGossip.Lnd;
using GigGossip.Lnd.Rest;
using GigGossip.Payments;

namespace GigGossip.Cli.Config;

/// <summary>The node's wallet as its config names it: the wallet service (signed in with the account key) or its own LND node.</summary>
internal static class NodeWallets
{
    public static IHodlWallet Open(Node.Config.WalletConfig wallet)
    {
        if (wallet.Htlc is { } htlc)
        {
            try
            {
                return OpenHtlc(htlc, wallet.AccountKey.PublicKey.ToHex());
            }
            catch (Exception e) when (e is ServiceConfigException or WalletException)
            {
                throw new InvalidOperationException(e.Message, e);
            }
        }
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
    /// A node's or the settler's on-chain HTLC wallet on Bitcoin Core's RPC, following the chain every poll interval. A config
    /// that cannot be used (an unreadable cookie, a wallet file of another network) is a <see cref="ServiceConfigException"/>, a
    /// bitcoind that does not answer a <see cref="WalletException"/>, each one line naming the wallet.
    /// </summary>
    public static HtlcHodlWallet OpenHtlc(Node.Config.HtlcWalletConfig htlc, string accountId, TimeProvider? time = null, HttpClient? http = null)
    {
        try
        {
            var credentials = htlc.RpcCookieFile is { } cookie
                ? BitcoinRpcCredentials.FromCookieFile(cookie)
                : BitcoinRpcCredentials.FromUserPassword(htlc.RpcUser!, htlc.RpcPassword!);
            var chain = new BitcoinCoreRpcChainSource(htlc.RpcUrl, credentials, http ?? SharedRpcHttp);
            var options = new HtlcWalletOptions { Network = BitcoinNetwork.Parse(htlc.Network), RequiredConfirmations = htlc.Confirmations };
            var wallet = HtlcHodlWallet.OpenAsync(htlc.WalletFile, accountId, chain, time ?? TimeProvider.System, options).GetAwaiter().GetResult();
            wallet.FollowChain(htlc.PollInterval);
            return wallet;
        }
        catch (ChainSourceException e) when (e.Error == ChainSourceError.Unauthorized)
        {
            throw new ServiceConfigException($"wallet: bitcoind at {htlc.RpcUrl}: {e.Message}");
        }
        catch (HtlcWalletFileException e)
        {
            throw new ServiceConfigException($"wallet.walletFile: {e.Message}");
        }
        catch (WalletException e)
        {
            throw new WalletException(e.Error, $"bitcoind at {htlc.RpcUrl}: {e.Message}");
        }
    }

    private static readonly HttpClient SharedRpcHttp = new() { Timeout = TimeSpan.FromSeconds(30) };

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
