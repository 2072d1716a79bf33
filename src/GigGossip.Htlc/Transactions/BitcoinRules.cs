namespace GigGossip.Htlc.Transactions;

/// <summary>The consensus and policy numbers this library checks transactions against.</summary>
public static class BitcoinRules
{
    /// <summary>nLockTime values below this are block heights, at or above it unix times (also for OP_CHECKLOCKTIMEVERIFY).</summary>
    public const uint LocktimeThreshold = 500_000_000;

    /// <summary>21 million bitcoin in satoshis: no output can hold more.</summary>
    public const long MaxMoney = 21_000_000L * 100_000_000L;

    /// <summary>nSequence that leaves nLockTime enforced and signals replaceability (BIP125).</summary>
    public const uint ReplaceableSequence = 0xfffffffd;

    /// <summary>nSequence that makes the input final: nLockTime and OP_CHECKLOCKTIMEVERIFY are then disabled.</summary>
    public const uint FinalSequence = 0xffffffff;

    /// <summary>The largest serialized transaction (the block weight limit).</summary>
    public const int MaxSerializedSize = 4_000_000;
}
