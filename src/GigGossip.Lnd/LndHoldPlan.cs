using GigGossip.Payments;
using GigGossip.Payments.Ledger;

namespace GigGossip.Lnd;

/// <summary>
/// Hold deadlines (times) as LND's timelocks (blocks of 10 minutes). A payer's hold deadline becomes the payment's
/// <c>cltv_limit</c>: the route's total timelock (hops' deltas, the invoice's final delta and LND's padding) must fit,
/// else the payment is refused before it leaves. An issuer's settle deadline is earlier than its HTLC's expiry by LND's
/// <see cref="LndLimits.HoldExpiryDelta"/>, when LND cancels the held invoice. Along a chain of hops the deadlines shrink
/// toward the last issuer, each hop keeping <c>forwardDelta</c> blocks to settle upstream after it learns the preimage.
/// </summary>
public static class LndHoldPlan
{
    /// <summary>Whole blocks from <paramref name="now"/> until <paramref name="until"/> (rounded down: a deadline is never stretched).</summary>
    public static int BlocksUntil(DateTimeOffset now, DateTimeOffset until) =>
        (int)Math.Clamp(Math.Floor((until - now) / HodlTiming.BlockInterval), int.MinValue, int.MaxValue);

    /// <summary>
    /// The <c>cltv_limit</c> a payer grants to pay an invoice asking <paramref name="finalCltvDelta"/> blocks, over
    /// <paramref name="routeDelta"/> blocks of intermediate hops' deltas; by default just what the invoice needs.
    /// Throws <see cref="WalletError.InvalidHold"/> when the route cannot fit in the hold or in LND's maximum.
    /// </summary>
    public static int CltvLimit(DateTimeOffset now, DateTimeOffset? holdUntil, long finalCltvDelta, LndLimits limits, int routeDelta = 0)
    {
        var needed = finalCltvDelta + limits.BlockPadding + routeDelta;
        if (needed > limits.MaxCltvExpiry)
            throw new WalletException(WalletError.InvalidHold, $"the route needs {needed} blocks of timelock, more than lnd's maximum of {limits.MaxCltvExpiry}");
        if (holdUntil is not { } until) return (int)needed;
        var granted = BlocksUntil(now, until);
        if (granted > limits.MaxCltvExpiry)
            throw new WalletException(WalletError.InvalidHold, $"money can be held at most {limits.MaxCltvExpiry} blocks on lnd, the hold asks {granted}");
        if (granted < needed)
            throw new WalletException(WalletError.InvalidHold,
                $"the route cannot fit: the invoice needs {finalCltvDelta} blocks, lnd adds {limits.BlockPadding} and the hops {routeDelta}, the hold allows {granted}");
        return granted;
    }

    /// <summary>When an issuer must settle an HTLC accepted at <paramref name="acceptedAt"/> (height <paramref name="acceptHeight"/>) expiring at <paramref name="expiryHeight"/>.</summary>
    public static DateTimeOffset SettleDeadline(DateTimeOffset acceptedAt, int acceptHeight, int expiryHeight, LndLimits limits) =>
        acceptedAt + HodlTiming.Blocks(Math.Max(0, expiryHeight - acceptHeight - limits.HoldExpiryDelta));

    /// <summary>
    /// The <c>cltv_expiry</c> a hop asks on its own invoice when the next invoice downstream on the same hash asks
    /// <paramref name="downstreamDelta"/>: its payer's HTLC then expires late enough that, once LND cancels
    /// <see cref="LndLimits.HoldExpiryDelta"/> blocks before expiry and the hop keeps <paramref name="holdDelta"/> for itself,
    /// the downstream payment still fits the invoice's delta plus LND's padding, with the padding again for blocks mined
    /// between being paid and paying on. Each hop toward the sender adds this step: the chain's shrinking timeouts.
    /// Throws <see cref="WalletError.InvalidHold"/> with the reason when the route cannot fit in LND's maximum.
    /// </summary>
    public static int UpstreamCltvDelta(int downstreamDelta, TimeSpan holdDelta, LndLimits limits)
    {
        if (downstreamDelta < limits.MinFinalCltvExpiryDelta)
            throw new WalletException(WalletError.InvalidHold, $"the downstream invoice asks {downstreamDelta} blocks, below lnd's minimum {limits.MinFinalCltvExpiryDelta}");
        var step = limits.HoldExpiryDelta + 2 * limits.BlockPadding + (long)Math.Ceiling(Math.Max(0, holdDelta / HodlTiming.BlockInterval));
        var delta = downstreamDelta + step;
        if (delta + limits.BlockPadding > limits.MaxCltvExpiry)
            throw new WalletException(WalletError.InvalidHold,
                $"the route cannot fit: the downstream invoice asks {downstreamDelta} blocks, this hop needs {step} more and lnd's padding {limits.BlockPadding}, past lnd's maximum of {limits.MaxCltvExpiry}");
        return (int)delta;
    }

    /// <summary>
    /// The <c>cltv_expiry</c> of each invoice of a chain of <paramref name="hops"/> hold invoices on one hash, from the
    /// first payer's (index 0, longest) to the last issuer's (shortest): the last gets <paramref name="finalDelta"/>, each
    /// earlier one <paramref name="forwardDelta"/> more plus LND's padding (blocks that may pass between accepting the
    /// incoming payment and making the outgoing one). LND cancels both sides the same <see cref="LndLimits.HoldExpiryDelta"/>
    /// before expiry, so a hop that learns the preimage at its outgoing settle deadline still has
    /// <paramref name="forwardDelta"/> blocks to settle its incoming invoice. Throws
    /// <see cref="WalletError.InvalidHold"/> when the first payment's timelock would pass LND's maximum.
    /// </summary>
    public static IReadOnlyList<int> ChainCltvDeltas(int hops, int finalDelta, int forwardDelta, LndLimits limits)
    {
        if (hops < 1) throw new WalletException(WalletError.InvalidArgument, "a chain has at least one hop");
        if (finalDelta < limits.MinFinalCltvExpiryDelta)
            throw new WalletException(WalletError.InvalidHold, $"the last invoice's cltv_expiry {finalDelta} is below lnd's minimum {limits.MinFinalCltvExpiryDelta}");
        if (forwardDelta < 1) throw new WalletException(WalletError.InvalidHold, "each hop needs at least one block to settle upstream");
        var step = forwardDelta + limits.BlockPadding;
        var deltas = new int[hops];
        for (var i = 0; i < hops; i++)
        {
            var delta = (long)finalDelta + (long)step * (hops - 1 - i);
            if (delta + limits.BlockPadding > limits.MaxCltvExpiry)
                throw new WalletException(WalletError.InvalidHold,
                    $"a chain of {hops} hops needs {delta + limits.BlockPadding} blocks at the first payment, more than lnd's maximum of {limits.MaxCltvExpiry}");
            deltas[i] = (int)delta;
        }
        return deltas;
    }
}
