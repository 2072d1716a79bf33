using GigGossip.Htlc.Bitcoin;
using NBitcoin;

namespace GigGossip.Htlc.Scripts;

/// <summary>Script bytes through NBitcoin's <see cref="Op"/>: minimal pushes when writing, truncation checks when reading.</summary>
public static class ScriptBytes
{
    /// <summary>The shortest push of <paramref name="data"/> (a lone 1..16 or 0x81 becomes OP_1..OP_16 or OP_1NEGATE).</summary>
    public static byte[] Push(ReadOnlySpan<byte> data) => Op.GetPushOp(data.ToArray()).ToBytes();

    /// <summary>The minimal push of a script number.</summary>
    public static byte[] PushNumber(long value) => Op.GetPushOp(value).ToBytes();

    /// <summary>The opcodes and pushes of a script; a push that runs past the end is a <see cref="BitcoinFormatException"/>.</summary>
    public static IReadOnlyList<Op> Parse(ReadOnlySpan<byte> script)
    {
        var ops = new Script(script.ToArray()).ToOps().ToList();
        if (ops.Any(op => op.IsInvalid)) throw new BitcoinFormatException("script push runs past the end");
        return ops;
    }

    /// <summary>Space-separated opcodes and hex pushes, as bitcoinjs-lib's toASM shows them.</summary>
    public static string ToAsm(ReadOnlySpan<byte> script) => string.Join(' ', Parse(script).Select(Asm));

    /// <summary>One element: pushed bytes in hex, opcodes by their full names (OP_0, OP_1..OP_16, OP_CHECKLOCKTIMEVERIFY).</summary>
    public static string Asm(Op op) => op switch
    {
        { PushData.Length: > 0, Code: <= OpcodeType.OP_PUSHDATA4 } => Convert.ToHexStringLower(op.PushData),
        { Code: OpcodeType.OP_0 } => "OP_0",
        { Code: OpcodeType.OP_1NEGATE } => "OP_1NEGATE",
        { Code: >= OpcodeType.OP_1 and <= OpcodeType.OP_16 } => $"OP_{op.Code - OpcodeType.OP_1 + 1}",
        { Code: OpcodeType.OP_CHECKLOCKTIMEVERIFY } => "OP_CHECKLOCKTIMEVERIFY",
        { Code: OpcodeType.OP_CHECKSEQUENCEVERIFY } => "OP_CHECKSEQUENCEVERIFY",
        _ => Op.GetOpName(op.Code),
    };
}
