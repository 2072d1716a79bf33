using System.Security.Cryptography;
using GigGossip.Htlc.Bitcoin;

namespace GigGossip.Htlc.Scripts;

/// <summary>
/// Executes a segwit v0 witness script with the consensus rules and the standardness policy Bitcoin Core applies to
/// P2WSH spends (MINIMALDATA, MINIMALIF, strict DER, LOW_S, STRICTENC, NULLFAIL, compressed keys). It knows the
/// opcodes hash-time-locked contracts use; any other executed opcode fails as <see cref="ScriptError.UnsupportedOpcode"/>.
/// </summary>
public static class ScriptInterpreter
{
    public const int MaxScriptSize = 10_000;
    public const int MaxElementSize = 520;
    private const int MaxOpsPerScript = 201;
    private const int MaxStackSize = 1000;
    private const int LocktimeNumberSize = 5;

    /// <summary>Runs <paramref name="script"/> on <paramref name="stack"/> (modified in place, top last).</summary>
    public static ScriptError Execute(byte[] script, List<byte[]> stack, SpendContext context)
    {
        if (script.Length > MaxScriptSize) return ScriptError.ScriptSize;
        IReadOnlyList<ScriptChunk> chunks;
        try
        {
            chunks = Script.Parse(script);
        }
        catch (BitcoinFormatException)
        {
            return ScriptError.BadOpcode;
        }
        var branches = new List<bool>();
        var opCount = 0;
        foreach (var chunk in chunks)
        {
            var executing = !branches.Contains(false);
            var opcode = chunk.Opcode;
            if (chunk.Data is { Length: > MaxElementSize }) return ScriptError.PushSize;
            if (opcode > Opcode.Op16 && ++opCount > MaxOpsPerScript) return ScriptError.OpCount;
            if (Opcode.IsDisabled(opcode)) return ScriptError.DisabledOpcode;
            if (executing && chunk.Data is { } data)
            {
                if (!chunk.IsMinimalPush()) return ScriptError.MinimalData;
                stack.Add(data);
            }
            else if (executing || opcode is >= Opcode.If and <= Opcode.EndIf)
            {
                var error = Step(opcode, executing, stack, branches, script, context);
                if (error != ScriptError.Ok) return error;
            }
            if (stack.Count > MaxStackSize) return ScriptError.StackSize;
        }
        return branches.Count == 0 ? ScriptError.Ok : ScriptError.UnbalancedConditional;
    }

    /// <summary>Bitcoin's truth value: any non-zero byte, except a lone sign bit in the last byte (negative zero).</summary>
    public static bool CastToBool(ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != 0) return i != value.Length - 1 || value[i] != 0x80;
        }
        return false;
    }

    private static ScriptError Step(byte opcode, bool executing, List<byte[]> stack, List<bool> branches, byte[] script, SpendContext context)
    {
        switch (opcode)
        {
            case Opcode.Op1Negate:
            case >= Opcode.Op1 and <= Opcode.Op16:
                stack.Add(ScriptNumber.Encode(opcode == Opcode.Op1Negate ? -1 : opcode - Opcode.Op1 + 1));
                return ScriptError.Ok;
            case Opcode.If:
            case Opcode.NotIf:
                var taken = false;
                if (executing)
                {
                    if (stack.Count < 1) return ScriptError.UnbalancedConditional;
                    var condition = Pop(stack);
                    if (condition.Length > 1 || (condition.Length == 1 && condition[0] != 1)) return ScriptError.MinimalIf;
                    taken = CastToBool(condition) == (opcode == Opcode.If);
                }
                branches.Add(taken);
                return ScriptError.Ok;
            case Opcode.Else:
                if (branches.Count == 0) return ScriptError.UnbalancedConditional;
                branches[^1] = !branches[^1];
                return ScriptError.Ok;
            case Opcode.EndIf:
                if (branches.Count == 0) return ScriptError.UnbalancedConditional;
                branches.RemoveAt(branches.Count - 1);
                return ScriptError.Ok;
            case Opcode.Verify:
                if (stack.Count < 1) return ScriptError.InvalidStackOperation;
                return CastToBool(Pop(stack)) ? ScriptError.Ok : ScriptError.Verify;
            case Opcode.Drop:
                if (stack.Count < 1) return ScriptError.InvalidStackOperation;
                Pop(stack);
                return ScriptError.Ok;
            case Opcode.Equal:
            case Opcode.EqualVerify:
                if (stack.Count < 2) return ScriptError.InvalidStackOperation;
                var equal = Pop(stack).AsSpan().SequenceEqual(Pop(stack));
                if (opcode == Opcode.EqualVerify) return equal ? ScriptError.Ok : ScriptError.EqualVerify;
                stack.Add(equal ? [1] : []);
                return ScriptError.Ok;
            case Opcode.Sha256:
                if (stack.Count < 1) return ScriptError.InvalidStackOperation;
                stack.Add(SHA256.HashData(Pop(stack)));
                return ScriptError.Ok;
            case Opcode.CheckSig:
                return CheckSig(stack, script, context);
            case Opcode.CheckLockTimeVerify:
                return CheckLockTimeVerify(stack, context);
            case Opcode.VerIf:
            case Opcode.VerNotIf:
                return ScriptError.BadOpcode;
            default:
                return ScriptError.UnsupportedOpcode;
        }
    }

    private static ScriptError CheckSig(List<byte[]> stack, byte[] scriptCode, SpendContext context)
    {
        if (stack.Count < 2) return ScriptError.InvalidStackOperation;
        var publicKey = Pop(stack);
        var signature = Pop(stack);
        var encoding = SignatureChecker.CheckEncoding(signature, publicKey);
        if (encoding != ScriptError.Ok) return encoding;
        var valid = SignatureChecker.Verify(signature, publicKey, scriptCode, context);
        if (!valid && signature.Length > 0) return ScriptError.NullFail;
        stack.Add(valid ? [1] : []);
        return ScriptError.Ok;
    }

    private static ScriptError CheckLockTimeVerify(List<byte[]> stack, SpendContext context)
    {
        if (stack.Count < 1) return ScriptError.InvalidStackOperation;
        var lockTime = ScriptNumber.TryDecode(stack[^1], LocktimeNumberSize, requireMinimal: true);
        if (lockTime is null) return ScriptError.BadScriptNumber;
        if (lockTime < 0) return ScriptError.NegativeLocktime;
        return context.IsLocktimeSatisfied(lockTime.Value) ? ScriptError.Ok : ScriptError.UnsatisfiedLocktime;
    }

    private static byte[] Pop(List<byte[]> stack)
    {
        var top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return top;
    }
}
