using System.Security.Cryptography;
using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests.Scripts;

/// <summary>Spends a P2WSH output of any witness script with a chosen witness stack, and verifies the spend.</summary>
internal static class P2wshSpend
{
    public const long Amount = 50_000;

    public static Transaction Transaction(uint lockTime = 0, uint sequence = BitcoinRules.ReplaceableSequence) =>
        Txs.Create(2, [Txs.Input(Txs.Outpoint(new byte[32], 0), [], sequence, [])], [Txs.Output(Amount - 300, HtlcFixture.Destination)], lockTime);

    public static byte[] ScriptPubKey(byte[] witnessScript) => [Opcode.Op0, 32, .. SHA256.HashData(witnessScript)];

    public static ScriptError Verify(byte[] witnessScript, IEnumerable<byte[]> stack, Transaction? tx = null)
    {
        var spend = (tx ?? Transaction()).WithWitness(0, [.. stack, witnessScript]);
        return WitnessVerifier.Verify(spend, 0, ScriptPubKey(witnessScript), Amount);
    }

    public static ScriptError Verify(string witnessScriptHex, params string[] stackHex) =>
        Verify(Convert.FromHexString(witnessScriptHex), stackHex.Select(Convert.FromHexString));
}
