using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Wallet;

/// <summary>
/// How an <see cref="HtlcHodlWallet"/> is made. <see cref="Network"/>, <see cref="Key"/>, <see cref="RequiredConfirmations"/>
/// and <see cref="BirthHeight"/> are fixed when the file is created; <see cref="FeeRate"/> applies to every transaction built.
/// </summary>
public sealed record HtlcWalletOptions
{
    public BitcoinNetwork Network { get; init; } = BitcoinNetwork.Regtest;

    /// <summary>The wallet's one key: its coins, the payee key of its invoices' contracts, the refund key of its payments. Generated when null.</summary>
    public EcdsaKey? Key { get; init; }

    /// <summary>Depth a funding transaction must reach before its invoice is Accepted.</summary>
    public int RequiredConfirmations { get; init; } = 3;

    /// <summary>First block scanned for the wallet's coins and spends; the tip when null.</summary>
    public int? BirthHeight { get; init; }

    public FeeRate FeeRate { get; init; } = new(2);

    /// <summary>Blocks a forwarded payment's contract must expire before the incoming one on the same hash (cltv_expiry_delta).</summary>
    public uint ForwardingExpiryDelta { get; init; } = HtlcTimeoutPlan.DefaultExpiryDelta;
}
