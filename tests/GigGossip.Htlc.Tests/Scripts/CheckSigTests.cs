using System.Numerics;
using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests.Scripts;

public class CheckSigTests
{
    private static readonly EcdsaKey Key = HtlcFixture.KeyFrom("checksig");
    private static readonly byte[] KeyScript = [.. ScriptBytes.Push(Key.PublicKey), Opcode.CheckSig];

    private static byte[] Sign(byte hashType = SigHashType.All, long amount = P2wshSpend.Amount) =>
        Key.SignForScript(SegwitSighash.Compute(P2wshSpend.Transaction(), 0, KeyScript, amount, hashType), hashType);

    [Fact]
    public void Signature_over_the_bip143_hash_passes()
    {
        Assert.Equal(ScriptError.Ok, P2wshSpend.Verify(KeyScript, [Sign()]));
        Assert.Equal(ScriptError.Ok, P2wshSpend.Verify(KeyScript, [Sign(SigHashType.Single | SigHashType.AnyoneCanPay)]));
        Assert.Equal(ScriptError.Ok, P2wshSpend.Verify(KeyScript, [Sign(SigHashType.None)]));
    }

    [Fact]
    public void Signature_over_another_amount_fails_with_nullfail()
    {
        Assert.Equal(ScriptError.NullFail, P2wshSpend.Verify(KeyScript, [Sign(amount: P2wshSpend.Amount + 1)]));
    }

    [Fact]
    public void Signature_with_a_changed_sighash_byte_fails()
    {
        var signature = Sign();
        signature[^1] = SigHashType.None;
        Assert.Equal(ScriptError.NullFail, P2wshSpend.Verify(KeyScript, [signature]));
        signature[^1] = 0x04;
        Assert.Equal(ScriptError.SigHashType, P2wshSpend.Verify(KeyScript, [signature]));
    }

    [Fact]
    public void High_s_twin_of_a_valid_signature_fails()
    {
        Assert.Equal(ScriptError.SigHighS, P2wshSpend.Verify(KeyScript, [HighS(Sign())]));
    }

    [Fact]
    public void Non_der_signature_fails()
    {
        var signature = Sign();
        signature[0] = 0x31;
        Assert.Equal(ScriptError.SigDer, P2wshSpend.Verify(KeyScript, [signature]));
    }

    [Fact]
    public void Empty_signature_is_false_without_nullfail()
    {
        Assert.Equal(ScriptError.EvalFalse, P2wshSpend.Verify(KeyScript, [[]]));
    }

    [Fact]
    public void Uncompressed_and_malformed_public_keys_fail()
    {
        byte[] uncompressed = [0x04, .. new byte[64]];
        Assert.Equal(ScriptError.WitnessPubKeyType, P2wshSpend.Verify([.. ScriptBytes.Push(uncompressed), Opcode.CheckSig], [[]]));
        byte[] malformed = [0x05, .. Key.PublicKey[1..]];
        Assert.Equal(ScriptError.PubKeyType, P2wshSpend.Verify([.. ScriptBytes.Push(malformed), Opcode.CheckSig], [[]]));
    }

    [Fact]
    public void Witness_program_rules()
    {
        var tx = P2wshSpend.Transaction().WithWitness(0, [Sign(), KeyScript]);
        var scriptPubKey = P2wshSpend.ScriptPubKey(KeyScript);
        Assert.Equal(ScriptError.Ok, WitnessVerifier.Verify(tx, 0, scriptPubKey, P2wshSpend.Amount));
        var withScriptSig = tx.With(t => t.Inputs[0].ScriptSig = new NBitcoin.Script([Opcode.Op0]));
        Assert.Equal(ScriptError.WitnessMalleated, WitnessVerifier.Verify(withScriptSig, 0, scriptPubKey, P2wshSpend.Amount));
        Assert.Equal(ScriptError.WitnessProgramWitnessEmpty, WitnessVerifier.Verify(tx.WithWitness(0, []), 0, scriptPubKey, P2wshSpend.Amount));
        Assert.Equal(ScriptError.WitnessProgramMismatch, WitnessVerifier.Verify(tx.WithWitness(0, [Sign(), [.. KeyScript, Opcode.Op1]]), 0, scriptPubKey, P2wshSpend.Amount));
        byte[] p2wpkh = [Opcode.Op0, 20, .. new byte[20]];
        Assert.Equal(ScriptError.UnsupportedWitnessProgram, WitnessVerifier.Verify(tx, 0, p2wpkh, P2wshSpend.Amount));
        Assert.Throws<ArgumentOutOfRangeException>(() => WitnessVerifier.Verify(tx, 1, scriptPubKey, P2wshSpend.Amount));
    }

    /// <summary>The same signature with s replaced by n - s: valid ECDSA, but not low-S.</summary>
    internal static byte[] HighS(byte[] signature)
    {
        var compact = NBitcoin.Crypto.ECDSASignature.FromDER(signature[..^1]).ToCompact();
        var n = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var s = new BigInteger(compact.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var highS = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[64];
        compact.AsSpan(0, 32).CopyTo(result);
        highS.CopyTo(result, 64 - highS.Length);
        byte[] body = [.. Der(result.AsSpan(0, 32)), .. Der(result.AsSpan(32))];
        return [0x30, (byte)body.Length, .. body, signature[^1]];
    }

    /// <summary>A DER INTEGER of a 32-byte big-endian value (NBitcoin would make the signature low-S again).</summary>
    private static byte[] Der(ReadOnlySpan<byte> value)
    {
        var trimmed = value.TrimStart((byte)0);
        byte[] integer = trimmed.Length > 0 && trimmed[0] >= 0x80 ? [0x00, .. trimmed] : trimmed.ToArray();
        return [0x02, (byte)integer.Length, .. integer];
    }
}
