namespace GigGossip.Htlc.Scripts;

/// <summary>NBitcoin's script errors in this library's names (Bitcoin Core's SCRIPT_ERR_* codes).</summary>
internal static class ScriptErrors
{
    public static ScriptError From(NBitcoin.ScriptError error) => error switch
    {
        NBitcoin.ScriptError.OK => ScriptError.Ok,
        NBitcoin.ScriptError.EvalFalse => ScriptError.EvalFalse,
        NBitcoin.ScriptError.ScriptSize => ScriptError.ScriptSize,
        NBitcoin.ScriptError.PushSize => ScriptError.PushSize,
        NBitcoin.ScriptError.OpCount => ScriptError.OpCount,
        NBitcoin.ScriptError.StackSize => ScriptError.StackSize,
        NBitcoin.ScriptError.BadOpCode => ScriptError.BadOpcode,
        NBitcoin.ScriptError.DisabledOpCode => ScriptError.DisabledOpcode,
        NBitcoin.ScriptError.InvalidStackOperation or NBitcoin.ScriptError.InvalidAltStackOperation => ScriptError.InvalidStackOperation,
        NBitcoin.ScriptError.UnbalancedConditional => ScriptError.UnbalancedConditional,
        NBitcoin.ScriptError.MinimalIf => ScriptError.MinimalIf,
        NBitcoin.ScriptError.MinimalData => ScriptError.MinimalData,
        NBitcoin.ScriptError.Verify => ScriptError.Verify,
        NBitcoin.ScriptError.EqualVerify => ScriptError.EqualVerify,
        NBitcoin.ScriptError.NegativeLockTime => ScriptError.NegativeLocktime,
        NBitcoin.ScriptError.UnsatisfiedLockTime => ScriptError.UnsatisfiedLocktime,
        NBitcoin.ScriptError.SigDer => ScriptError.SigDer,
        NBitcoin.ScriptError.SigHighS => ScriptError.SigHighS,
        NBitcoin.ScriptError.SigHashType => ScriptError.SigHashType,
        NBitcoin.ScriptError.PubKeyType => ScriptError.PubKeyType,
        NBitcoin.ScriptError.WitnessPubkeyType => ScriptError.WitnessPubKeyType,
        NBitcoin.ScriptError.NullFail => ScriptError.NullFail,
        NBitcoin.ScriptError.CleanStack => ScriptError.CleanStack,
        NBitcoin.ScriptError.WitnessMalleated or NBitcoin.ScriptError.WitnessMalleatedP2SH => ScriptError.WitnessMalleated,
        NBitcoin.ScriptError.WitnessProgramEmpty => ScriptError.WitnessProgramWitnessEmpty,
        NBitcoin.ScriptError.WitnessProgramMissmatch => ScriptError.WitnessProgramMismatch,
        NBitcoin.ScriptError.DiscourageUpgradableNops => ScriptError.UnsupportedOpcode,
        NBitcoin.ScriptError.DiscourageUpgradableWitnessProgram or NBitcoin.ScriptError.WitnessProgramWrongLength => ScriptError.UnsupportedWitnessProgram,
        _ => ScriptError.BadScriptNumber,
    };
}
