using GigGossip.Cli.Config;
using GigGossip.Htlc.Regtest;
using GigGossip.Htlc.Wallet;
using GigGossip.Node.Config;
using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;
using GigGossip.Simulation.Demo;

namespace GigGossip.Cli.Demo;

/// <summary>
/// <c>demo --wallet htlc</c>: every node and the settler pay with on-chain HTLCs. The chain is the project's regtest-like
/// bitcoind (<see cref="RegtestBitcoinCore"/>: Bitcoin Core's JSON-RPC over HTTP on 127.0.0.1, a block mined for each
/// transaction it accepts); each party's <see cref="HtlcHodlWallet"/> is a SQLite file reached through the real RPC client,
/// opened as the node and settler configs open it. Amounts are whole satoshis above what claiming costs; holds are blocks.
/// The money check: what was minted is every wallet's coins plus what sits in contracts plus the fees the miners took,
/// and every wallet's balance is what the chain holds for it.
/// </summary>
internal sealed class ChainDemoMoney(string directory) : DemoMoney
{
    private const string User = "demo";
    private const string Password = "demo";
    private readonly RegtestBitcoinCore _chain = new(User, Password, 100) { MineEachTransaction = true };
    private readonly Dictionary<string, HtlcHodlWallet> _wallets = [];

    public override string Name => "on-chain HTLCs on a regtest-like bitcoind";

    private HtlcWalletConfig Config(string name) =>
        new(_chain.Endpoint, User, Password, null, Path.Combine(directory, name + "-htlc.db"), "regtest", 1, TimeSpan.FromMilliseconds(100));

    public override async Task<IHodlWallet> OpenNodeWalletAsync(SecretKey key, long fundingMsat, CancellationToken cancellationToken)
    {
        var account = key.PublicKey.ToHex();
        var wallet = NodeWallets.OpenHtlc(Config(account[..16]), account);
        _wallets[account] = wallet;
        _chain.Mint(wallet.ScriptPubKey, fundingMsat / 1000);
        _chain.Mine();
        await wallet.SyncAsync(cancellationToken);
        return wallet;
    }

    public override Func<SecretKey, IHodlWallet>? SettlerWallet => key =>
    {
        var account = key.PublicKey.ToHex();
        return _wallets[account] = NodeWallets.OpenHtlc(Config("settler"), account);
    };

    public override Uri? SettlerWalletUri => null;

    public override int InvoiceCltvDelta => HtlcWalletConfig.InvoiceCltvDelta;

    /// <summary>The settler's network fee: 1,000 sat, above what claiming its contract costs.</summary>
    public override SettlerPolicy SettlerPolicy => new() { NetworkFeeMsat = 1_000_000 };

    public override NodePolicy NodePolicy(long routingFeeMsat) => new()
    {
        Fanout = 3, Multibroadcast = 2, RoutingFeeMsat = (routingFeeMsat + 999) / 1000 * 1000, SettlerPollMs = 200, HoldDeltaMs = HtlcWalletConfig.HoldDeltaMs,
    };

    public override SenderPolicy SenderPolicy => new()
    {
        AutoAcceptBestOffer = true, NetworkHoldMs = HtlcWalletConfig.NetworkHoldMs, ReplyHoldMs = HtlcWalletConfig.ReplyHoldMs, MaxNetworkFeeMsat = 10_000_000,
    };

    /// <summary>100,000 sat: a middleman funds its downstream contract (and its fee) before it is paid.</summary>
    public override long RoutingLiquidityMsat => 100_000_000;

    public override async Task<DemoAudit> AuditAsync(CancellationToken cancellationToken)
    {
        long balances = 0;
        var consistent = true;
        foreach (var wallet in _wallets.Values)
        {
            await wallet.SyncAsync(cancellationToken);
            var sats = await wallet.GetBalanceAsync(cancellationToken) / 1000;
            consistent &= sats == _chain.UnspentTo(wallet.ScriptPubKey);
            balances += sats;
        }
        var inContracts = _chain.UnspentTo() - balances;
        consistent &= _chain.Minted == balances + inContracts + _chain.FeesPaid;
        return new DemoAudit((balances + inContracts + _chain.FeesPaid) * 1000, inContracts * 1000, consistent);
    }

    public override Task<long> BalanceAsync(string account, CancellationToken cancellationToken) => _wallets[account].GetBalanceAsync(cancellationToken);

    public override Task<IReadOnlyList<DemoBalance>> ExtraBalancesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DemoBalance>>([new DemoBalance("miners", "on-chain fees", _chain.FeesPaid * 1000)]);

    public override async ValueTask DisposeAsync()
    {
        foreach (var wallet in _wallets.Values) wallet.Dispose();
        await _chain.DisposeAsync();
    }
}
