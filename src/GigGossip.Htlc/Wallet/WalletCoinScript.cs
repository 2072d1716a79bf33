using System.Security.Cryptography;
using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Transactions;

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
        WitnessScript = [.. Script.Push(key.PublicKey), Opcode.CheckSig];
        ScriptPubKey = [Opcode.Op0, 32, .. SHA256.HashData(WitnessScript)];
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
