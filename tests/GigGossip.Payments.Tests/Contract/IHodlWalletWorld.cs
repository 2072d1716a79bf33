using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments.Tests.Contract;

/// <summary>
/// A backend under the <see cref="HodlWalletContractTests"/>: two accounts on it (an issuer and a funded payer) and the
/// moves only this backend needs to make money travel (confirm a funding on chain, let a clock run, wait for a real node).
/// </summary>
public interface IHodlWalletWorld : IAsyncDisposable
{
    IHodlWallet Issuer { get; }

    IHodlWallet Payer { get; }

    /// <summary>What the payer's balance is at the start, in msat.</summary>
    long PayerFundsMsat { get; }

    /// <summary>Most a payment or a settle may cost in fees on this backend (0 where money moves exactly).</summary>
    long FeeAllowanceMsat { get; }

    /// <summary>The backend's clock now (a fake one where the world can move it).</summary>
    DateTimeOffset Now { get; }

    /// <summary>Why this world cannot move its clock (a real node's chain and clock), or null when it can.</summary>
    string? CannotElapse { get; }

    /// <summary>How many <see cref="StepAsync"/> a change may need to be seen (0: every change is seen at once).</summary>
    int MaxSteps { get; }

    /// <summary>After the payer paid: what else the issuer needs to see the payment (an on-chain funding notice and its confirmations).</summary>
    Task DeliverAsync(HodlInvoice invoice, PaymentHash paymentHash);

    /// <summary>Lets the backend move on by one step (mine a block, wait for a real node).</summary>
    Task StepAsync();

    /// <summary>Moves the clock (and chain) on by whole blocks of 10 minutes.</summary>
    Task ElapseBlocksAsync(int blocks);

    /// <summary>Checks, with what this backend can see, that no money was made or lost: balances plus held amounts plus fees are what was funded.</summary>
    Task AssertConservedAsync();
}
