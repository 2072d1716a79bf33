using GigGossip.Htlc.Bitcoin;

namespace GigGossip.Htlc.Transactions;

/// <summary>A transaction output: an amount in satoshis and the scriptPubKey that locks it.</summary>
public sealed record TxOut(long Value, byte[] ScriptPubKey)
{
    /// <summary>21 million bitcoin in satoshis: no output can hold more.</summary>
    public const long MaxMoney = 21_000_000L * 100_000_000L;

    /// <summary>
    /// Bitcoin Core's default dust limit for this output: what spending it would cost at 3 sat/vB
    /// (a witness program spend counts 67 vbytes, any other 148).
    /// </summary>
    public long DustThreshold
    {
        get
        {
            var outputSize = 8 + 1 + ScriptPubKey.Length;
            var isWitnessProgram = SegwitAddress.FromScriptPubKey(ScriptPubKey, BitcoinNetwork.Mainnet) is not null;
            var spendSize = isWitnessProgram ? 67 : 148;
            return (outputSize + spendSize) * 3L;
        }
    }
}
