using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Transactions;
using NBitcoin;
using ScriptError = GigGossip.Htlc.Scripts.ScriptError;

namespace GigGossip.Htlc.Contract;

/// <summary>
/// Builds and signs the two spends of a contract, each a one-input one-output transaction paying the funding amount
/// minus the fee to a destination script. Every transaction is run through <see cref="WitnessVerifier"/> before it is
/// returned: a spend that would not verify is an <see cref="HtlcException"/>, never a transaction.
/// </summary>
public static class HtlcSpendBuilder
{
    public const int TransactionVersion = 2;

    /// <summary>The longest low-S DER signature (71 bytes) plus its sighash byte, used to size the fee before signing.</summary>
    private const int MaxSignatureSize = 72;

    /// <summary>The payee takes the coins by revealing the preimage.</summary>
    public static Transaction Claim(HtlcContract contract, HtlcFunding funding, ReadOnlySpan<byte> preimage, EcdsaKey payeeKey, byte[] destinationScript, FeeRate feeRate)
    {
        if (!contract.Unlocks(preimage)) throw new HtlcException("preimage does not hash to the contract's payment hash");
        if (!payeeKey.PublicKey.AsSpan().SequenceEqual(contract.PayeeKey)) throw new HtlcException("key is not the contract's payee key");
        var preimageBytes = preimage.ToArray();
        return Build(contract, funding, sighash => payeeKey.SignForScript(sighash, SigHashType.All), destinationScript, feeRate, lockTime: 0,
            signature => HtlcWitness.Claim(signature, preimageBytes, contract.WitnessScript), "claim");
    }

    /// <summary>
    /// The payer takes the coins back. The transaction's nLockTime is <paramref name="lockTime"/> (default: the
    /// contract's locktime); it must be at least the contract's locktime and of the same kind (height or time).
    /// </summary>
    public static Transaction Refund(HtlcContract contract, HtlcFunding funding, EcdsaKey payerKey, byte[] destinationScript, FeeRate feeRate, uint? lockTime = null)
    {
        if (!payerKey.PublicKey.AsSpan().SequenceEqual(contract.PayerKey)) throw new HtlcException("key is not the contract's payer key");
        var txLockTime = lockTime ?? contract.Locktime;
        if ((txLockTime < BitcoinRules.LocktimeThreshold) != contract.IsHeightLocked)
            throw new HtlcException($"nLockTime {txLockTime} and the contract's locktime {contract.Locktime} are not both block heights or both times");
        if (txLockTime < contract.Locktime)
            throw new HtlcException($"nLockTime {txLockTime} is before the contract's locktime {contract.Locktime}");
        return Build(contract, funding, sighash => payerKey.SignForScript(sighash, SigHashType.All), destinationScript, feeRate, txLockTime,
            signature => HtlcWitness.Refund(signature, contract.WitnessScript), "refund");
    }

    /// <summary>Sizes, signs (through <paramref name="sign"/>, given the SIGHASH_ALL hash) and verifies a spend.</summary>
    internal static Transaction Build(HtlcContract contract, HtlcFunding funding, Func<byte[], byte[]> sign, byte[] destinationScript, FeeRate feeRate,
        uint lockTime, Func<byte[], IReadOnlyList<byte[]>> witness, string kind)
    {
        if (funding.Amount is <= 0 or > BitcoinRules.MaxMoney) throw new HtlcException($"amount {funding.Amount} sat is out of range");
        var unsigned = Network.Main.CreateTransaction();
        unsigned.Version = TransactionVersion;
        unsigned.LockTime = lockTime;
        unsigned.Inputs.Add(new TxIn(funding.OutPoint) { Sequence = BitcoinRules.ReplaceableSequence, WitScript = TransactionExtensions.WitnessOf(witness(new byte[MaxSignatureSize])) });
        var output = unsigned.Outputs.Add(Money.Satoshis(funding.Amount), new Script(destinationScript));
        var fee = feeRate.FeeFor(unsigned.VirtualSize);
        output.Value = Money.Satoshis(funding.Amount - fee);
        if (output.Satoshis < output.DustThreshold)
            throw new HtlcException($"amount {funding.Amount} sat minus fee {fee} sat ({feeRate}) leaves {output.Satoshis} sat, below the dust limit of {output.DustThreshold} sat");
        var sighash = SegwitSighash.Compute(unsigned, 0, contract.WitnessScript, funding.Amount, SigHashType.All);
        var signed = unsigned.WithWitness(0, witness(sign(sighash)));
        var verdict = WitnessVerifier.Verify(signed, 0, contract.ScriptPubKey, funding.Amount);
        if (verdict != ScriptError.Ok) throw new HtlcException($"the {kind} transaction fails script verification: {verdict}");
        return signed;
    }
}
