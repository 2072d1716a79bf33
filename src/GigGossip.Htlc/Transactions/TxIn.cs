namespace GigGossip.Htlc.Transactions;

/// <summary>A transaction input: what it spends, its scriptSig (empty for native segwit), nSequence and witness stack.</summary>
public sealed record TxIn(OutPoint PrevOut, byte[] ScriptSig, uint Sequence, IReadOnlyList<byte[]> Witness)
{
    /// <summary>nSequence that leaves nLockTime enforced and signals replaceability (BIP125).</summary>
    public const uint ReplaceableSequence = 0xfffffffd;

    /// <summary>nSequence that makes the input final: nLockTime and OP_CHECKLOCKTIMEVERIFY are then disabled.</summary>
    public const uint FinalSequence = 0xffffffff;
}
