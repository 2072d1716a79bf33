using GigGossip.Htlc.Transactions;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Htlc.Scripts;

/// <summary>OP_CHECKSIG for segwit v0: encoding rules (strict DER, low S, defined sighash, compressed key), then BIP143 and ECDSA.</summary>
internal static class SignatureChecker
{
    private static readonly byte[] HalfOrder = Convert.FromHexString("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0");

    public static ScriptError CheckEncoding(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey)
    {
        if (signature.Length > 0)
        {
            if (!DerSignature.IsStrictScriptSignature(signature)) return ScriptError.SigDer;
            var compact = DerSignature.ToCompact(signature[..^1]);
            if (compact is null) return ScriptError.SigDer;
            if (compact.AsSpan(32).SequenceCompareTo(HalfOrder) > 0) return ScriptError.SigHighS;
            if (!SigHashType.IsDefined(signature[^1])) return ScriptError.SigHashType;
        }
        if (!IsCompressedOrUncompressedEncoding(publicKey)) return ScriptError.PubKeyType;
        if (publicKey.Length != 33) return ScriptError.WitnessPubKeyType;
        return ScriptError.Ok;
    }

    /// <summary>True when a non-empty, well-encoded signature is valid for the key over the BIP143 hash of <paramref name="scriptCode"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> scriptCode, SpendContext context)
    {
        if (signature.Length == 0) return false;
        var compact = DerSignature.ToCompact(signature[..^1]);
        if (compact is null) return false;
        var sighash = SegwitSighash.Compute(context.Transaction, context.InputIndex, scriptCode, context.Amount, signature[^1]);
        return Secp256k1.Current.VerifyEcdsa(compact, sighash, publicKey);
    }

    private static bool IsCompressedOrUncompressedEncoding(ReadOnlySpan<byte> key) => key.Length switch
    {
        33 => key[0] is 0x02 or 0x03,
        65 => key[0] == 0x04,
        _ => false,
    };
}
