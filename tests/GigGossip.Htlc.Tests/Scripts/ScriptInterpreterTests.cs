using GigGossip.Htlc.Scripts;

namespace GigGossip.Htlc.Tests.Scripts;

public class ScriptInterpreterTests
{
    [Theory]
    [InlineData("51", new string[0], ScriptError.Ok)]
    [InlineData("00", new string[0], ScriptError.EvalFalse)]
    [InlineData("5151", new string[0], ScriptError.CleanStack)]
    [InlineData("75", new string[0], ScriptError.InvalidStackOperation)]
    [InlineData("0069", new string[0], ScriptError.Verify)]
    [InlineData("515288", new string[0], ScriptError.EqualVerify)]
    [InlineData("515187", new string[0], ScriptError.Ok)]
    [InlineData("76", new[] { "01" }, ScriptError.CleanStack)]
    [InlineData("b351", new string[0], ScriptError.UnsupportedOpcode)]
    [InlineData("0063", new string[0], ScriptError.UnbalancedConditional)]
    [InlineData("68", new string[0], ScriptError.UnbalancedConditional)]
    [InlineData("67", new string[0], ScriptError.UnbalancedConditional)]
    [InlineData("635168", new string[0], ScriptError.UnbalancedConditional)]
    [InlineData("63516700", new[] { "01" }, ScriptError.UnbalancedConditional)]
    [InlineData("6351670068", new[] { "01" }, ScriptError.Ok)]
    [InlineData("6300675168", new[] { "" }, ScriptError.Ok)]
    [InlineData("6451670068", new[] { "" }, ScriptError.Ok)]
    [InlineData("6351670068", new[] { "02" }, ScriptError.MinimalIf)]
    [InlineData("6351670068", new[] { "00" }, ScriptError.MinimalIf)]
    [InlineData("6351670068", new[] { "0100" }, ScriptError.MinimalIf)]
    [InlineData("00637e6851", new string[0], ScriptError.DisabledOpcode)]
    [InlineData("0063656851", new string[0], ScriptError.BadOpcode)]
    [InlineData("4c", new string[0], ScriptError.BadOpcode)]
    [InlineData("0105", new string[0], ScriptError.MinimalData)]
    [InlineData("4c0a00000000000000000000", new string[0], ScriptError.MinimalData)]
    [InlineData("a8", new string[0], ScriptError.InvalidStackOperation)]
    public void Interpreter_applies_stack_branch_and_push_rules(string scriptHex, string[] stackHex, ScriptError expected)
    {
        Assert.Equal(expected, P2wshSpend.Verify(scriptHex, stackHex));
    }

    [Fact]
    public void Sha256_then_equal_checks_a_preimage()
    {
        var preimage = "0102"u8.ToArray();
        byte[] script = [Opcode.Sha256, .. ScriptBytes.Push(System.Security.Cryptography.SHA256.HashData(preimage)), Opcode.Equal];
        Assert.Equal(ScriptError.Ok, P2wshSpend.Verify(script, [preimage]));
        Assert.Equal(ScriptError.EvalFalse, P2wshSpend.Verify(script, ["0103"u8.ToArray()]));
    }

    [Fact]
    public void Size_limits_on_script_push_stack_and_operations()
    {
        Assert.Equal(ScriptError.ScriptSize, P2wshSpend.Verify([.. Enumerable.Repeat(Opcode.Op1, 10_001)], []));
        Assert.Equal(ScriptError.PushSize, P2wshSpend.Verify([Opcode.PushData2, 0x09, 0x02, .. new byte[521], Opcode.Drop, Opcode.Op1], []));
        Assert.Equal(ScriptError.PushSize, P2wshSpend.Verify([Opcode.Drop, Opcode.Op1], [new byte[521]]));
        Assert.Equal(ScriptError.Ok, P2wshSpend.Verify([Opcode.Drop, Opcode.Op1], [new byte[520]]));
        Assert.Equal(ScriptError.StackSize, P2wshSpend.Verify([.. Enumerable.Repeat(Opcode.Op1, 1001)], []));
        byte[] manyDrops = [Opcode.Op1, .. Enumerable.Range(0, 202).SelectMany(_ => new[] { Opcode.Op1, Opcode.Drop })];
        Assert.Equal(ScriptError.OpCount, P2wshSpend.Verify(manyDrops, []));
        byte[] maxDrops = [Opcode.Op1, .. Enumerable.Range(0, 201).SelectMany(_ => new[] { Opcode.Op1, Opcode.Drop })];
        Assert.Equal(ScriptError.Ok, P2wshSpend.Verify(maxDrops, []));
    }

    [Theory]
    [InlineData("", ScriptError.EvalFalse)]
    [InlineData("0000", ScriptError.EvalFalse)]
    [InlineData("0080", ScriptError.EvalFalse)]
    [InlineData("8000", ScriptError.Ok)]
    [InlineData("0001", ScriptError.Ok)]
    public void Negative_zero_is_false_and_any_other_non_zero_byte_is_true(string top, ScriptError expected) =>
        Assert.Equal(expected, P2wshSpend.Verify("61", top));
}
