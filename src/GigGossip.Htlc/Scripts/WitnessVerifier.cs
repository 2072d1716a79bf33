using System.Reflection;
using System.Security.Cryptography;
using GigGossip.Htlc.Transactions;
using NBitcoin;

namespace GigGossip.Htlc.Scripts;

/// <summary>
/// Verifies the spend of a P2WSH output (BIP141) with NBitcoin's script interpreter, under Bitcoin Core's standard
/// flags (its interpreter is tested against Core's script_tests.json), run as Core's ExecuteWitnessScript: empty scriptSig, the last witness item is the
/// witness script and hashes to the program, the script runs on the other items and leaves exactly one true element.
/// </summary>
public static class WitnessVerifier
{
    /// <summary>Bitcoin Core's standard policy flags for a segwit v0 spend.</summary>
    private const ScriptVerify Flags = ScriptVerify.Standard | ScriptVerify.Witness | ScriptVerify.WitnessPubkeyType | ScriptVerify.NullFail
        | ScriptVerify.MinimalIf | ScriptVerify.CheckLockTimeVerify | ScriptVerify.LowS | ScriptVerify.StrictEnc | ScriptVerify.DerSig | ScriptVerify.MinimalData;

    /// <summary>
    /// NBitcoin's interpreter for one script (its <c>EvalScript</c>, not public in 10.0.21). Its public VerifyScript ends a
    /// witness spend whose stack is not exactly one item with EVAL_FALSE where Bitcoin Core says CLEANSTACK; running the
    /// witness script here and checking the stack as Core's ExecuteWitnessScript does keeps Core's verdicts (and agrees
    /// with the bitcoinjs-lib cross-check). Missing in another NBitcoin version, it fails at the first verification.
    /// </summary>
    private static readonly Func<ScriptEvaluationContext, Script, TransactionChecker, HashVersion, bool> EvalScript =
        typeof(ScriptEvaluationContext).GetMethod("EvalScript", BindingFlags.NonPublic | BindingFlags.Instance, [typeof(Script), typeof(TransactionChecker), typeof(HashVersion)])
            ?.CreateDelegate<Func<ScriptEvaluationContext, Script, TransactionChecker, HashVersion, bool>>()
        ?? throw new MissingMethodException("NBitcoin's ScriptEvaluationContext.EvalScript(Script, TransactionChecker, HashVersion) is gone: check the NBitcoin version");

    /// <summary>The largest stack element (MAX_SCRIPT_ELEMENT_SIZE).</summary>
    public const int MaxElementSize = 520;

    /// <summary>Script truth: any non-zero byte, except a negative zero (0x80) in the last byte alone.</summary>
    public static bool CastToBool(ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < value.Length; i++)
            if (value[i] != 0) return !(i == value.Length - 1 && value[i] == 0x80);
        return false;
    }

    public static ScriptError Verify(Transaction tx, int inputIndex, ReadOnlySpan<byte> spentScriptPubKey, long amount)
    {
        if (inputIndex < 0 || inputIndex >= tx.Inputs.Count)
            throw new ArgumentOutOfRangeException(nameof(inputIndex), $"transaction has {tx.Inputs.Count} inputs");
        if (spentScriptPubKey.Length != 34 || spentScriptPubKey[0] != 0x00 || spentScriptPubKey[1] != 32)
            return ScriptError.UnsupportedWitnessProgram;
        var input = tx.Inputs[inputIndex];
        if (input.ScriptSig.Length != 0) return ScriptError.WitnessMalleated;
        var witness = input.Witness;
        if (witness.Count == 0) return ScriptError.WitnessProgramWitnessEmpty;
        var witnessScript = witness[^1];
        if (!SHA256.HashData(witnessScript).AsSpan().SequenceEqual(spentScriptPubKey[2..])) return ScriptError.WitnessProgramMismatch;
        var spent = new TxOut(Money.Satoshis(amount), new Script(spentScriptPubKey.ToArray()));
        var context = new ScriptEvaluationContext { ScriptVerify = Flags };
        foreach (var item in witness.Take(witness.Count - 1))
        {
            if (item.Length > MaxElementSize) return ScriptError.PushSize;
            context.Stack.Push(item);
        }
        if (!EvalScript(context, new Script(witnessScript), new TransactionChecker(tx, inputIndex, spent), HashVersion.WitnessV0))
            return ScriptErrors.From(context.Error);
        if (context.Stack.Count != 1) return ScriptError.CleanStack;
        return CastToBool(context.Stack.Top(-1)) ? ScriptError.Ok : ScriptError.EvalFalse;
    }
}
