using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Scripts;

/// <summary>What a script checks signatures and timelocks against: the spending transaction, the input and its amount.</summary>
public sealed record SpendContext(Transaction Transaction, int InputIndex, long Amount)
{
    public TxIn Input => Transaction.Inputs[InputIndex];

    /// <summary>BIP65: the lock must be of the same kind as nLockTime (height or time), not above it, and the input not final.</summary>
    public bool IsLocktimeSatisfied(long lockTime)
    {
        long txLockTime = Transaction.LockTime;
        var bothHeights = txLockTime < Transaction.LocktimeThreshold && lockTime < Transaction.LocktimeThreshold;
        var bothTimes = txLockTime >= Transaction.LocktimeThreshold && lockTime >= Transaction.LocktimeThreshold;
        if (!bothHeights && !bothTimes) return false;
        if (lockTime > txLockTime) return false;
        return Input.Sequence != TxIn.FinalSequence;
    }
}
