using GigGossip.Htlc.Bitcoin;

namespace GigGossip.Htlc.Transactions;

/// <summary>The BIP143 signature hash for segwit version 0 inputs, which commits to the amount being spent.</summary>
public static class SegwitSighash
{
    public static byte[] Compute(Transaction tx, int inputIndex, ReadOnlySpan<byte> scriptCode, long amount, byte hashType)
    {
        if (inputIndex < 0 || inputIndex >= tx.Inputs.Count)
            throw new ArgumentOutOfRangeException(nameof(inputIndex), $"transaction has {tx.Inputs.Count} inputs");
        var anyoneCanPay = (hashType & SigHashType.AnyoneCanPay) != 0;
        var baseType = hashType & 0x1f;
        var zero = new byte[32];

        var hashPrevouts = zero;
        if (!anyoneCanPay)
        {
            var prevouts = new ByteWriter();
            foreach (var input in tx.Inputs)
            {
                prevouts.Write(input.PrevOut.Hash);
                prevouts.WriteUInt32(input.PrevOut.Index);
            }
            hashPrevouts = Transaction.DoubleSha256(prevouts.ToArray());
        }

        var hashSequence = zero;
        if (!anyoneCanPay && baseType != SigHashType.Single && baseType != SigHashType.None)
        {
            var sequences = new ByteWriter();
            foreach (var input in tx.Inputs) sequences.WriteUInt32(input.Sequence);
            hashSequence = Transaction.DoubleSha256(sequences.ToArray());
        }

        var hashOutputs = zero;
        if (baseType != SigHashType.Single && baseType != SigHashType.None)
            hashOutputs = HashOutputs(tx.Outputs);
        else if (baseType == SigHashType.Single && inputIndex < tx.Outputs.Count)
            hashOutputs = HashOutputs([tx.Outputs[inputIndex]]);

        var spent = tx.Inputs[inputIndex];
        var preimage = new ByteWriter();
        preimage.WriteInt32(tx.Version);
        preimage.Write(hashPrevouts);
        preimage.Write(hashSequence);
        preimage.Write(spent.PrevOut.Hash);
        preimage.WriteUInt32(spent.PrevOut.Index);
        preimage.WriteVarBytes(scriptCode);
        preimage.WriteInt64(amount);
        preimage.WriteUInt32(spent.Sequence);
        preimage.Write(hashOutputs);
        preimage.WriteUInt32(tx.LockTime);
        preimage.WriteUInt32(hashType);
        return Transaction.DoubleSha256(preimage.ToArray());
    }

    private static byte[] HashOutputs(IEnumerable<TxOut> outputs)
    {
        var writer = new ByteWriter();
        foreach (var output in outputs)
        {
            writer.WriteInt64(output.Value);
            writer.WriteVarBytes(output.ScriptPubKey);
        }
        return Transaction.DoubleSha256(writer.ToArray());
    }
}
