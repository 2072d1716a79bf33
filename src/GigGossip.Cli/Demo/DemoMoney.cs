using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;

namespace GigGossip.Cli.Demo;

/// <summary>
/// Where the demo's money lives: the wallet service's ledger over HTTP (<see cref="LedgerDemoMoney"/>) or on-chain HTLC
/// wallets on the regtest-like bitcoind (<see cref="ChainDemoMoney"/>). Each gives the nodes and the settler their wallets,
/// the amounts and hold times its payments need, and the money check at the end.
/// </summary>
internal abstract class DemoMoney : IAsyncDisposable
{
    /// <summary>Shown in the demo's first line.</summary>
    public abstract string Name { get; }

    /// <summary>A node's wallet holding <paramref name="fundingMsat"/>.</summary>
    public abstract Task<IHodlWallet> OpenNodeWalletAsync(SecretKey key, long fundingMsat, CancellationToken cancellationToken);

    /// <summary>The settler's wallet, or null for the wallet service at <see cref="SettlerWalletUri"/>.</summary>
    public abstract Func<SecretKey, IHodlWallet>? SettlerWallet { get; }

    public abstract Uri? SettlerWalletUri { get; }

    public abstract int InvoiceCltvDelta { get; }

    public abstract SettlerPolicy SettlerPolicy { get; }

    /// <summary>A node's policy: whole satoshis and longer holds on chain.</summary>
    public abstract NodePolicy NodePolicy(long routingFeeMsat);

    public abstract SenderPolicy SenderPolicy { get; }

    /// <summary>A middleman's own money to pay on before it is paid.</summary>
    public abstract long RoutingLiquidityMsat { get; }

    /// <summary>Every account's money plus what is held, as the backend counts it.</summary>
    public abstract Task<DemoAudit> AuditAsync(CancellationToken cancellationToken);

    /// <summary>The balance of the node or settler account <paramref name="account"/>.</summary>
    public abstract Task<long> BalanceAsync(string account, CancellationToken cancellationToken);

    /// <summary>Rows to add to the "who earned what" table (on chain: the miners' fees).</summary>
    public virtual Task<IReadOnlyList<Simulation.Demo.DemoBalance>> ExtraBalancesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Simulation.Demo.DemoBalance>>([]);

    public abstract ValueTask DisposeAsync();
}

/// <summary>Money at one moment: the total (accounts plus held), what is held, and whether the backend's own books agree.</summary>
internal sealed record DemoAudit(long TotalMsat, long HeldMsat, bool Consistent);
