namespace GigGossip.Lnd;

/// <summary>
/// LND's timelock rules in blocks, as its defaults are (lnd's lncfg, routing and htlcswitch packages); a node run with
/// other settings (<c>--invoices.holdexpirydelta</c>, <c>--max-cltv-expiry</c>) is described by changing them here.
/// </summary>
public sealed record LndLimits
{
    /// <summary>Blocks before an accepted hold invoice's HTLC expires at which LND cancels it (12: DefaultIncomingBroadcastDelta 10 + 2).</summary>
    public int HoldExpiryDelta { get; init; } = 12;

    /// <summary>Smallest <c>cltv_expiry</c> LND accepts for an invoice (routing.MinCLTVDelta).</summary>
    public int MinFinalCltvExpiryDelta { get; init; } = 18;

    /// <summary>Blocks LND adds to the final hop's CLTV when it builds a route, against a block arriving while the payment travels.</summary>
    public int BlockPadding { get; init; } = 3;

    /// <summary>Longest total timelock LND lets an outgoing payment have (<c>--max-cltv-expiry</c>, 2016 blocks).</summary>
    public int MaxCltvExpiry { get; init; } = 2016;

    public static LndLimits Default { get; } = new();
}
