namespace GigGossip.Payments.Ledger;

/// <summary>
/// The ledger's clock rules. Hold times are counted in blocks, as Lightning's HTLC timeouts are, and a
/// block is taken as 10 minutes of the host's (possibly virtual) clock.
/// </summary>
public static class HodlTiming
{
    public static readonly TimeSpan BlockInterval = TimeSpan.FromMinutes(10);

    /// <summary>Longest hold a payer may grant: 2016 blocks (two weeks), lnd's default CLTV limit.</summary>
    public const int MaxCltvExpiryDelta = 2016;

    /// <summary>Longest invoice expiry accepted: one year.</summary>
    public const long MaxExpirySeconds = 365L * 24 * 3600;

    public static TimeSpan Blocks(int count) => BlockInterval * count;
}
