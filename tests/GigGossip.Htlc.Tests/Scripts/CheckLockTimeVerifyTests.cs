using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests.Scripts;

public class CheckLockTimeVerifyTests
{
    private static ScriptError Run(byte[] lockPush, uint txLockTime, uint sequence = BitcoinRules.ReplaceableSequence) =>
        P2wshSpend.Verify([.. lockPush, Opcode.CheckLockTimeVerify, Opcode.Drop, Opcode.Op1], [], P2wshSpend.Transaction(txLockTime, sequence));

    [Fact]
    public void Lock_at_or_below_the_transaction_locktime_passes()
    {
        Assert.Equal(ScriptError.Ok, Run(ScriptBytes.PushNumber(800_000), 800_000));
        Assert.Equal(ScriptError.Ok, Run(ScriptBytes.PushNumber(800_000), 800_001));
        Assert.Equal(ScriptError.Ok, Run(ScriptBytes.PushNumber(0), 0));
        Assert.Equal(ScriptError.Ok, Run(ScriptBytes.PushNumber(1_700_000_000), 1_700_000_000));
    }

    [Fact]
    public void Lock_above_the_transaction_locktime_fails()
    {
        Assert.Equal(ScriptError.UnsatisfiedLocktime, Run(ScriptBytes.PushNumber(800_000), 799_999));
        Assert.Equal(ScriptError.UnsatisfiedLocktime, Run(ScriptBytes.PushNumber(1_700_000_001), 1_700_000_000));
    }

    [Fact]
    public void Height_lock_and_time_locktime_do_not_mix()
    {
        Assert.Equal(ScriptError.UnsatisfiedLocktime, Run(ScriptBytes.PushNumber(800_000), 1_700_000_000));
        Assert.Equal(ScriptError.UnsatisfiedLocktime, Run(ScriptBytes.PushNumber(499_999_999), 500_000_000));
        Assert.Equal(ScriptError.UnsatisfiedLocktime, Run(ScriptBytes.PushNumber(500_000_000), 499_999_999));
    }

    [Fact]
    public void Final_sequence_disables_the_locktime_and_fails()
    {
        Assert.Equal(ScriptError.UnsatisfiedLocktime, Run(ScriptBytes.PushNumber(800_000), 800_000, BitcoinRules.FinalSequence));
        Assert.Equal(ScriptError.Ok, Run(ScriptBytes.PushNumber(800_000), 800_000, BitcoinRules.FinalSequence - 1));
    }

    [Fact]
    public void Negative_oversized_and_padded_locks_fail()
    {
        Assert.Equal(ScriptError.NegativeLocktime, Run([Opcode.Op1Negate], 800_000));
        Assert.Equal(ScriptError.BadScriptNumber, Run([0x06, 0x01, 0, 0, 0, 0, 0], 800_000));
        Assert.Equal(ScriptError.BadScriptNumber, P2wshSpend.Verify([Opcode.CheckLockTimeVerify, Opcode.Drop, Opcode.Op1], [[0x01, 0x00]], P2wshSpend.Transaction(800_000)));
        Assert.Equal(ScriptError.InvalidStackOperation, P2wshSpend.Verify([Opcode.CheckLockTimeVerify], [], P2wshSpend.Transaction(800_000)));
    }

    [Fact]
    public void Five_byte_lock_above_any_locktime_is_read_and_fails()
    {
        Assert.Equal(ScriptError.UnsatisfiedLocktime, Run(ScriptBytes.PushNumber(uint.MaxValue + 1L), uint.MaxValue));
        Assert.Equal(ScriptError.Ok, Run(ScriptBytes.PushNumber(uint.MaxValue), uint.MaxValue));
    }
}
