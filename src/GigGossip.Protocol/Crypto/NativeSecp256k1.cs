using System.Runtime.InteropServices;
using System.Security.Cryptography;
using static GigGossip.Protocol.Crypto.LibSecp256k1;

namespace GigGossip.Protocol.Crypto;

/// <summary>
/// secp256k1 on Debian's libsecp256k1 (package libsecp256k1-1). One context, created and randomised
/// once, is shared: the library allows concurrent use of a context for everything but randomising it.
/// </summary>
public sealed unsafe class NativeSecp256k1 : ISecp256k1
{
    private readonly nint _context;

    private NativeSecp256k1(nint context) => _context = context;

    public string Name => "native";

    /// <summary>The native backend, or null (with the reason) when the library is not installed or fails its self-check.</summary>
    public static NativeSecp256k1? TryLoad(out string reason)
    {
        if (!NativeLibrary.TryLoad(Library, typeof(NativeSecp256k1).Assembly, null, out _))
        {
            reason = $"{Library} not found (install Debian's libsecp256k1-1)";
            return null;
        }
        try
        {
            var context = ContextCreate(ContextSignAndVerify);
            if (context == 0)
            {
                reason = "secp256k1_context_create failed";
                return null;
            }
            var seed = RandomNumberGenerator.GetBytes(32);
            fixed (byte* s = seed)
            {
                if (ContextRandomize(context, s) != 1)
                {
                    reason = "secp256k1_context_randomize failed";
                    return null;
                }
            }
            var backend = new NativeSecp256k1(context);
            if (!SelfCheck(backend))
            {
                reason = "the library failed the BIP340 self-check";
                return null;
            }
            reason = "";
            return backend;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            reason = $"{Library} lacks a needed module: {e.Message}";
            return null;
        }
    }

    /// <summary>BIP340 test vector 1 must sign and verify exactly.</summary>
    private static bool SelfCheck(NativeSecp256k1 backend)
    {
        var secret = Convert.FromHexString("B7E151628AED2A6ABF7158809CF4F3C762E7160F38B4DA56A784D9045190CFEF");
        var message = Convert.FromHexString("243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89");
        var aux = new byte[32];
        aux[31] = 1;
        var signature = backend.SignSchnorr(message, secret, aux);
        return Convert.ToHexString(signature) == "6896BD60EEAE296DB48A229FF71DFE071BDE413E6D43F917DC8DCF8C78DE33418906D11AC976ABCCB20B091292BFF4EA897EFCB639EA871CFA95F6DE339E4B0A"
            && backend.VerifySchnorr(signature, message, backend.GetXOnlyPublicKey(secret));
    }

    public bool IsValidSecretKey(ReadOnlySpan<byte> secretKey)
    {
        if (secretKey.Length != 32) return false;
        fixed (byte* k = secretKey) return SeckeyVerify(_context, k) == 1;
    }

    public bool IsValidXOnlyPublicKey(ReadOnlySpan<byte> xOnlyPublicKey)
    {
        if (xOnlyPublicKey.Length != 32) return false;
        var parsed = stackalloc byte[PublicKeySize];
        fixed (byte* x = xOnlyPublicKey) return XonlyPubkeyParse(_context, parsed, x) == 1;
    }

    public byte[] GetXOnlyPublicKey(ReadOnlySpan<byte> secretKey)
    {
        var keypair = stackalloc byte[KeypairSize];
        CreateKeypair(secretKey, keypair);
        var xonly = stackalloc byte[PublicKeySize];
        var output = new byte[32];
        int parity;
        fixed (byte* o = output)
        {
            Check(KeypairXonlyPub(_context, xonly, &parity, keypair), "keypair_xonly_pub");
            Check(XonlyPubkeySerialize(_context, o, xonly), "xonly_pubkey_serialize");
        }
        return output;
    }

    public byte[] GetCompressedPublicKey(ReadOnlySpan<byte> secretKey)
    {
        RequireSecretKey(secretKey);
        var pubkey = stackalloc byte[PublicKeySize];
        fixed (byte* k = secretKey) Check(PubkeyCreate(_context, pubkey, k), "ec_pubkey_create");
        return SerializeCompressed(pubkey);
    }

    public byte[] SignSchnorr(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> auxRand32)
    {
        RequireLength(message32, 32, "message");
        RequireLength(auxRand32, 32, "auxiliary randomness");
        var keypair = stackalloc byte[KeypairSize];
        CreateKeypair(secretKey, keypair);
        var signature = new byte[64];
        fixed (byte* s = signature, m = message32, a = auxRand32)
            Check(SchnorrSign32(_context, s, m, keypair, a), "schnorrsig_sign32");
        return signature;
    }

    public bool VerifySchnorr(ReadOnlySpan<byte> signature64, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> xOnlyPublicKey)
    {
        if (signature64.Length != 64 || message32.Length != 32 || xOnlyPublicKey.Length != 32) return false;
        var parsed = stackalloc byte[PublicKeySize];
        fixed (byte* s = signature64, m = message32, x = xOnlyPublicKey)
            return XonlyPubkeyParse(_context, parsed, x) == 1 && SchnorrVerify(_context, s, m, 32, parsed) == 1;
    }

    public byte[] Ecdh(ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> publicKey)
    {
        RequireSecretKey(secretKey);
        var pubkey = stackalloc byte[PublicKeySize];
        if (!ParsePublicKey(publicKey, pubkey)) throw new CryptoException("invalid public key for ECDH");
        var output = new byte[32];
        fixed (byte* o = output, k = secretKey) Check(LibSecp256k1.Ecdh(_context, o, pubkey, k, 0, 0), "ecdh");
        return output;
    }

    public byte[] SignEcdsaRecoverable(ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> secretKey, out int recoveryId)
    {
        RequireLength(hash32, 32, "hash");
        RequireSecretKey(secretKey);
        var signature = stackalloc byte[RecoverableSignatureSize];
        var compact = new byte[64];
        int id;
        fixed (byte* h = hash32, k = secretKey, c = compact)
        {
            Check(EcdsaSignRecoverable(_context, signature, h, k, 0, 0), "ecdsa_sign_recoverable");
            Check(RecoverableSerializeCompact(_context, c, &id, signature), "recoverable_signature_serialize_compact");
        }
        recoveryId = id;
        return compact;
    }

    public byte[]? RecoverEcdsa(ReadOnlySpan<byte> compact64, int recoveryId, ReadOnlySpan<byte> hash32)
    {
        if (compact64.Length != 64 || hash32.Length != 32 || recoveryId is < 0 or > 3) return null;
        var signature = stackalloc byte[RecoverableSignatureSize];
        var pubkey = stackalloc byte[PublicKeySize];
        fixed (byte* c = compact64, h = hash32)
        {
            if (RecoverableParseCompact(_context, signature, c, recoveryId) != 1) return null;
            if (EcdsaRecover(_context, pubkey, signature, h) != 1) return null;
        }
        return SerializeCompressed(pubkey);
    }

    public bool VerifyEcdsa(ReadOnlySpan<byte> compact64, ReadOnlySpan<byte> hash32, ReadOnlySpan<byte> compressedPublicKey)
    {
        if (compact64.Length != 64 || hash32.Length != 32 || compressedPublicKey.Length != 33) return false;
        var signature = stackalloc byte[SignatureSize];
        var pubkey = stackalloc byte[PublicKeySize];
        if (!ParsePublicKey(compressedPublicKey, pubkey)) return false;
        fixed (byte* c = compact64, h = hash32)
            return SignatureParseCompact(_context, signature, c) == 1 && EcdsaVerify(_context, signature, h, pubkey) == 1;
    }

    private void CreateKeypair(ReadOnlySpan<byte> secretKey, byte* keypair)
    {
        RequireSecretKey(secretKey);
        fixed (byte* k = secretKey) Check(KeypairCreate(_context, keypair, k), "keypair_create");
    }

    /// <summary>Parses a 33-byte compressed key, or a 32-byte x-only key taken with even y.</summary>
    private bool ParsePublicKey(ReadOnlySpan<byte> publicKey, byte* pubkey)
    {
        Span<byte> compressed = stackalloc byte[33];
        if (publicKey.Length == 32)
        {
            compressed[0] = 0x02;
            publicKey.CopyTo(compressed[1..]);
        }
        else if (publicKey.Length == 33 && publicKey[0] is 0x02 or 0x03) publicKey.CopyTo(compressed);
        else return false;
        fixed (byte* c = compressed) return PubkeyParse(_context, pubkey, c, 33) == 1;
    }

    private byte[] SerializeCompressed(byte* pubkey)
    {
        var output = new byte[33];
        nuint length = 33;
        fixed (byte* o = output) Check(PubkeySerialize(_context, o, &length, pubkey, Compressed), "ec_pubkey_serialize");
        return output;
    }

    private void RequireSecretKey(ReadOnlySpan<byte> secretKey)
    {
        if (!IsValidSecretKey(secretKey))
            throw new CryptoException(secretKey.Length == 32 ? "secret key is out of range" : $"secret key must be 32 bytes, got {secretKey.Length}");
    }

    private static void RequireLength(ReadOnlySpan<byte> bytes, int length, string what)
    {
        if (bytes.Length != length) throw new CryptoException($"{what} must be {length} bytes, got {bytes.Length}");
    }

    private static void Check(int result, string function)
    {
        if (result != 1) throw new CryptoException($"secp256k1_{function} failed");
    }
}
