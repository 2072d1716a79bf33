using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Contract;

/// <summary>
/// Block-height locktimes for the chain of contracts of one payment, from the sender's (first, latest) to the one
/// paying the settler (last, earliest). Each hop's incoming contract outlives its outgoing one by
/// <see cref="ExpiryDelta"/> blocks, as Lightning's cltv_expiry_delta: when the downstream payee claims at the last
/// moment and so reveals the preimage, the hop still has that many blocks to claim upstream before its own payer can
/// refund. With equal or growing locktimes the hop could pay downstream and be refunded upstream.
/// </summary>
public sealed class HtlcTimeoutPlan
{
    /// <summary>Blocks each hop keeps between learning the preimage and its upstream refund (Lightning's default is of this order).</summary>
    public const uint DefaultExpiryDelta = 40;

    /// <summary>Blocks the settler-facing contract stays claimable after the plan is made (BOLT 11's default min_final_cltv_expiry).</summary>
    public const uint DefaultFinalExpiryDelta = 18;

    private HtlcTimeoutPlan(uint currentHeight, uint expiryDelta, IReadOnlyList<uint> locktimes)
    {
        CurrentHeight = currentHeight;
        ExpiryDelta = expiryDelta;
        Locktimes = locktimes;
    }

    public uint CurrentHeight { get; }

    public uint ExpiryDelta { get; }

    /// <summary>Locktime of each contract, index 0 paid by the sender, the last one paying the settler; strictly decreasing.</summary>
    public IReadOnlyList<uint> Locktimes { get; }

    public static HtlcTimeoutPlan Compute(uint currentHeight, int contracts, uint expiryDelta = DefaultExpiryDelta, uint finalExpiryDelta = DefaultFinalExpiryDelta)
    {
        if (contracts < 1) throw new HtlcException("a payment chain has at least one contract");
        if (expiryDelta < 1) throw new HtlcException("expiry delta must be at least one block");
        if (finalExpiryDelta < 1) throw new HtlcException("final expiry delta must be at least one block");
        var latest = currentHeight + finalExpiryDelta + (ulong)expiryDelta * (ulong)(contracts - 1);
        if (latest >= BitcoinRules.LocktimeThreshold)
            throw new HtlcException($"the sender's locktime {latest} would not be a block height");
        var locktimes = new uint[contracts];
        for (var i = 0; i < contracts; i++)
            locktimes[i] = currentHeight + finalExpiryDelta + expiryDelta * (uint)(contracts - 1 - i);
        return new HtlcTimeoutPlan(currentHeight, expiryDelta, locktimes);
    }

    /// <summary>
    /// A hop's check before it forwards: its incoming contract must outlive the outgoing one by at least
    /// <paramref name="expiryDelta"/> blocks, and both must be block heights.
    /// </summary>
    public static void RequireSafeForwarding(uint incomingLocktime, uint outgoingLocktime, uint expiryDelta)
    {
        if (incomingLocktime >= BitcoinRules.LocktimeThreshold || outgoingLocktime >= BitcoinRules.LocktimeThreshold)
            throw new HtlcException("forwarded contracts must be locked by block height");
        if ((ulong)outgoingLocktime + expiryDelta > incomingLocktime)
            throw new HtlcException($"incoming locktime {incomingLocktime} must be at least {expiryDelta} blocks after outgoing locktime {outgoingLocktime}");
    }
}
