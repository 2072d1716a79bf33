using GigGossip.Hosting;
namespace GigGossip.Htlc.Tool;

/// <summary>
/// The options of `giggossip htlc claim` and `refund` as typed. The funding output is either found in
/// <see cref="FundingTx"/> or named by <see cref="Outpoint"/> with <see cref="Amount"/>.
/// </summary>
public sealed record HtlcSpendRequest
{
    public string? FundingTx { get; init; }
    public string? Outpoint { get; init; }
    public string? Amount { get; init; }
    public string? Script { get; init; }
    public string? KeyFile { get; init; }
    public string? To { get; init; }
    public string? FeeRate { get; init; }

    /// <summary>When given, the destination address must belong to this network.</summary>
    public string? Network { get; init; }

    /// <summary>Claim only: the preimage of the payment hash.</summary>
    public string? Preimage { get; init; }

    /// <summary>Refund only: the transaction's nLockTime (default the contract's locktime).</summary>
    public string? Locktime { get; init; }

    /// <summary>Refund only: the current tip height (or unix time for time-locked contracts); a refund not yet valid is refused.</summary>
    public string? Now { get; init; }
}
