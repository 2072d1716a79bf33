using System.Security.Cryptography;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Scripts;

/// <summary>
/// Verifies the spend of a P2WSH output (BIP141): empty scriptSig, the last witness item is the witness script and
/// hashes to the program, the script runs on the other items and leaves exactly one true element (clean stack).
/// </summary>
public static class WitnessVerifier
{
    public static ScriptError Verify(Transaction tx, int inputIndex, ReadOnlySpan<byte> spentScriptPubKey, long amount)
    {
        if (inputIndex < 0 || inputIndex >= tx.Inputs.Count)
            throw new ArgumentOutOfRangeException(nameof(inputIndex), $"transaction has {tx.Inputs.Count} inputs");
        var input = tx.Inputs[inputIndex];
        if (spentScriptPubKey.Length != 34 || spentScriptPubKey[0] != Opcode.Op0 || spentScriptPubKey[1] != 32)
            return ScriptError.UnsupportedWitnessProgram;
        if (input.ScriptSig.Length != 0) return ScriptError.WitnessMalleated;
        if (input.Witness.Count == 0) return ScriptError.WitnessProgramWitnessEmpty;
        var witnessScript = input.Witness[^1];
        if (!SHA256.HashData(witnessScript).AsSpan().SequenceEqual(spentScriptPubKey[2..]))
            return ScriptError.WitnessProgramMismatch;
        var stack = input.Witness.Take(input.Witness.Count - 1).ToList();
        if (stack.Any(item => item.Length > ScriptInterpreter.MaxElementSize)) return ScriptError.PushSize;
        var result = ScriptInterpreter.Execute(witnessScript, stack, new SpendContext(tx, inputIndex, amount));
        if (result != ScriptError.Ok) return result;
        if (stack.Count != 1) return ScriptError.CleanStack;
        return ScriptInterpreter.CastToBool(stack[0]) ? ScriptError.Ok : ScriptError.EvalFalse;
    }
}
