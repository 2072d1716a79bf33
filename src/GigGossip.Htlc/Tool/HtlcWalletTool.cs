using GigGossip.Hosting;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Chain;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Wallet;
using GigGossip.Payments;

namespace GigGossip.Htlc.Tool;

/// <summary>What `giggossip htlc wallet` does with its options: open the wallet file over Bitcoin Core's RPC, and print events.</summary>
public static class HtlcWalletTool
{
    /// <summary>Bitcoin Core's default regtest RPC address.</summary>
    public const string DefaultRpc = "http://127.0.0.1:18443/";

    /// <summary>The account name the command-line wallet uses in its invoices and events.</summary>
    public const string AccountId = "local";

    /// <summary>Opens (creating when new) the wallet; bad options are one <see cref="HtlcException"/> naming the option.</summary>
    public static async Task<HtlcHodlWallet> OpenAsync(HtlcWalletRequest request, HttpClient http, TimeProvider time, CancellationToken cancellationToken)
    {
        var db = HtlcArguments.Required(request.Db, "--db");
        var rpc = request.Rpc ?? DefaultRpc;
        if (!Uri.TryCreate(rpc, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new HtlcException($"--rpc '{rpc}' is not an http:// URL of Bitcoin Core's RPC");
        var credentials = (request.RpcCookie, request.RpcUser, request.RpcPassword) switch
        {
            ({ } cookie, null, null) => BitcoinRpcCredentials.FromCookieFile(cookie),
            (null, { } user, { } password) => BitcoinRpcCredentials.FromUserPassword(user, password),
            _ => throw new HtlcException("give --rpc-cookie FILE, or --rpc-user and --rpc-password"),
        };
        var network = BitcoinNetwork.Parse(request.Network ?? "regtest");
        var key = request.KeyFile is null ? null : HtlcArguments.KeyFile(request.KeyFile);
        var confirmations = request.Confirmations is null ? 3 : HtlcArguments.UInt(request.Confirmations, "--confirmations");
        if (confirmations is < 1 or > 1000) throw new HtlcException($"--confirmations must be 1-1000, got {confirmations}");
        var chain = new BitcoinCoreRpcChainSource(endpoint, credentials, http);
        var options = new HtlcWalletOptions { Network = network, Key = key, RequiredConfirmations = (int)confirmations };
        var wallet = await HtlcHodlWallet.OpenAsync(db, AccountId, chain, time, options, cancellationToken);
        if (key is not null && !key.PublicKey.AsSpan().SequenceEqual(wallet.PublicKey))
        {
            wallet.Dispose();
            throw new HtlcException($"--key is not the key of wallet file {db}");
        }
        return wallet;
    }

    /// <summary>One line for an event: what changed, and the preimage once a payment succeeded.</summary>
    public static string Describe(WalletEvent walletEvent) => walletEvent switch
    {
        InvoiceUpdated { Invoice: var i } => $"invoice {i.PaymentHash}: {i.State}{(i.CancelReason is { } reason ? $" ({reason})" : "")}",
        PaymentUpdated { Payment: var p } => $"payment {p.PaymentHash}: {p.State}{(p.Preimage is { } preimage ? $" preimage {preimage.ToHex()}" : "")}",
        _ => walletEvent.ToString(),
    };
}
