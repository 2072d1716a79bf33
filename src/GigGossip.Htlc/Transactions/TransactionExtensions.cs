using GigGossip.Htlc.Bitcoin;
using NBitcoin;

namespace GigGossip.Htlc.Transactions;

/// <summary>The views of NBitcoin's transaction model this library reads: txids as bitcoin-cli shows them, BIP141 weight, witness stacks as byte arrays.</summary>
public static class TransactionExtensions
{
    extension(Transaction tx)
    {
        /// <summary>The txid as block explorers and bitcoin-cli show it (byte-reversed hex).</summary>
        public string Txid => tx.GetHash().ToString();

        /// <summary>The wtxid (BIP141), shown byte-reversed.</summary>
        public string Wtxid => tx.GetWitHash().ToString();

        /// <summary>BIP141 weight: base size times 3 plus total size.</summary>
        public int Weight => tx.WithWitnesses([.. tx.Inputs.Select(_ => (IReadOnlyList<byte[]>)[])]).ToBytes().Length * 3 + tx.ToBytes().Length;

        /// <summary>Virtual size in vbytes: weight divided by 4, rounded up.</summary>
        public int VirtualSize => (tx.Weight + 3) / 4;

        /// <summary>A copy with the witness stack of one input replaced.</summary>
        public Transaction WithWitness(int inputIndex, IReadOnlyList<byte[]> witness)
        {
            var copy = tx.Clone();
            copy.Inputs[inputIndex].WitScript = WitnessOf(witness);
            return copy;
        }

        private Transaction WithWitnesses(IReadOnlyList<IReadOnlyList<byte[]>> witnesses)
        {
            var copy = tx.Clone();
            for (var i = 0; i < witnesses.Count; i++) copy.Inputs[i].WitScript = WitnessOf(witnesses[i]);
            return copy;
        }
    }

    extension(TxIn input)
    {
        /// <summary>The witness stack, bottom first.</summary>
        public IReadOnlyList<byte[]> Witness => [.. input.WitScript.Pushes];
    }

    extension(OutPoint outPoint)
    {
        /// <summary>The spent txid as bitcoin-cli shows it.</summary>
        public string Txid => outPoint.Hash.ToString();

        /// <summary>The spent output's index (vout).</summary>
        public uint Index => outPoint.N;
    }

    extension(TxOut output)
    {
        public long Satoshis => output.Value.Satoshi;

        public byte[] ScriptBytes => output.ScriptPubKey.ToBytes(true);

        /// <summary>
        /// Bitcoin Core's default dust limit for this output: what spending it would cost at 3 sat/vB
        /// (a witness program spend counts 67 vbytes, any other 148).
        /// </summary>
        public long DustThreshold => DustThresholdOf(output.ScriptBytes);
    }

    /// <summary>A witness stack in NBitcoin's form (the empty stack is <see cref="WitScript.Empty"/>).</summary>
    public static WitScript WitnessOf(IReadOnlyList<byte[]> witness) => witness.Count == 0 ? WitScript.Empty : new WitScript([.. witness]);

    /// <summary>Bitcoin Core's default dust limit for an output paying to <paramref name="scriptPubKey"/>.</summary>
    public static long DustThresholdOf(byte[] scriptPubKey)
    {
        var outputSize = 8 + 1 + scriptPubKey.Length;
        var spendSize = SegwitAddress.FromScriptPubKey(scriptPubKey, BitcoinNetwork.Mainnet) is not null ? 67 : 148;
        return (outputSize + spendSize) * 3L;
    }
}
