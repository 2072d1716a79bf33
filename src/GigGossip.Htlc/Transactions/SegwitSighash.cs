using NBitcoin;

namespace GigGossip.Htlc.Transactions;

/// <summary>The BIP143 signature hash for segwit version 0 inputs, which commits to the amount being spent (NBitcoin's).</summary>
public static class SegwitSighash
{
    public static byte[] Compute(Transaction tx, int inputIndex, ReadOnlySpan<byte> scriptCode, long amount, byte hashType)
    {
        if (inputIndex < 0 || inputIndex >= tx.Inputs.Count)
            throw new ArgumentOutOfRangeException(nameof(inputIndex), $"transaction has {tx.Inputs.Count} inputs");
        var spent = new TxOut(Money.Satoshis(amount), Script.Empty);
        return tx.GetSignatureHash(new Script(scriptCode.ToArray()), inputIndex, (SigHash)hashType, spent, HashVersion.WitnessV0).ToBytes();
    }
}
