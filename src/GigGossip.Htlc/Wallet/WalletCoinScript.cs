using GigGossip.Htlc.Transactions;
using NBitcoin;

namespace GigGossip.Htlc.Wallet;

/// <summary>
/// Where the wallet keeps its coins: a P2WSH output of <c>&lt;key&gt; OP_CHECKSIG</c>, so that every spend the wallet
/// makes (coins and contracts alike) is a P2WSH spend checked by this library's interpreter before it is broadcast.
/// </summary>
internal sealed class WalletCoinScript
{
    public WalletCoinScript(EcdsaKey key)
    {
        Key = key;
        var script = new Script(Op.GetPushOp(key.PublicKey), OpcodeType.OP_CHECKSIG);
        WitnessScript = script.ToBytes(true);
        ScriptPubKey = script.WitHash.ScriptPubKey.ToBytes(true);
    }

    public EcdsaKey Key { get; }

    public byte[] WitnessScript { get; }

    public byte[] ScriptPubKey { get; }

    public bool Owns(ReadOnlySpan<byte> scriptPubKey) => scriptPubKey.SequenceEqual(ScriptPubKey);

    /// <summary>Signs input <paramref name="index"/>, which spends a coin of <paramref name="value"/> satoshis.</summary>
    public Transaction Sign(Transaction tx, int index, long value) =>
        tx.WithWitness(index, [Key.SignForScript(SegwitSighash.Compute(tx, index, WitnessScript, value, SigHashType.All), SigHashType.All), WitnessScript]);

    /// <summary>A witness of the signed size, for sizing the fee before signing.</summary>
    public IReadOnlyList<byte[]> PlaceholderWitness => [new byte[72], WitnessScript];
}
