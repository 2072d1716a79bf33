using System.Runtime.InteropServices;

namespace GigGossip.Protocol.Crypto;

/// <summary>
/// P/Invoke declarations for Debian's libsecp256k1.so.1 (0.2.0, built with the ecdh, recovery,
/// extrakeys and schnorrsig modules). Opaque structures are passed as byte buffers of their
/// documented sizes; every pointer handed in is non-null, so the library's illegal-argument
/// callback (which aborts) is never reached.
/// </summary>
internal static unsafe partial class LibSecp256k1
{
    public const string Library = "libsecp256k1.so.1";
    public const uint ContextSignAndVerify = 0x0301;
    public const uint Compressed = 0x0102;
    public const int PublicKeySize = 64;
    public const int KeypairSize = 96;
    public const int SignatureSize = 64;
    public const int RecoverableSignatureSize = 65;

    [LibraryImport(Library, EntryPoint = "secp256k1_context_create")]
    public static partial nint ContextCreate(uint flags);

    [LibraryImport(Library, EntryPoint = "secp256k1_context_randomize")]
    public static partial int ContextRandomize(nint context, byte* seed32);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_seckey_verify")]
    public static partial int SeckeyVerify(nint context, byte* seckey32);

    [LibraryImport(Library, EntryPoint = "secp256k1_keypair_create")]
    public static partial int KeypairCreate(nint context, byte* keypair, byte* seckey32);

    [LibraryImport(Library, EntryPoint = "secp256k1_keypair_xonly_pub")]
    public static partial int KeypairXonlyPub(nint context, byte* xonlyPubkey, int* parity, byte* keypair);

    [LibraryImport(Library, EntryPoint = "secp256k1_xonly_pubkey_serialize")]
    public static partial int XonlyPubkeySerialize(nint context, byte* output32, byte* xonlyPubkey);

    [LibraryImport(Library, EntryPoint = "secp256k1_xonly_pubkey_parse")]
    public static partial int XonlyPubkeyParse(nint context, byte* xonlyPubkey, byte* input32);

    [LibraryImport(Library, EntryPoint = "secp256k1_schnorrsig_sign32")]
    public static partial int SchnorrSign32(nint context, byte* signature64, byte* message32, byte* keypair, byte* auxRand32);

    [LibraryImport(Library, EntryPoint = "secp256k1_schnorrsig_verify")]
    public static partial int SchnorrVerify(nint context, byte* signature64, byte* message, nuint messageLength, byte* xonlyPubkey);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_create")]
    public static partial int PubkeyCreate(nint context, byte* pubkey, byte* seckey32);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_parse")]
    public static partial int PubkeyParse(nint context, byte* pubkey, byte* input, nuint inputLength);

    [LibraryImport(Library, EntryPoint = "secp256k1_ec_pubkey_serialize")]
    public static partial int PubkeySerialize(nint context, byte* output, nuint* outputLength, byte* pubkey, uint flags);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdh")]
    public static partial int Ecdh(nint context, byte* output32, byte* pubkey, byte* seckey32, nint hashFunction, nint data);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_sign_recoverable")]
    public static partial int EcdsaSignRecoverable(nint context, byte* signature, byte* hash32, byte* seckey32, nint nonceFunction, nint nonceData);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_recoverable_signature_serialize_compact")]
    public static partial int RecoverableSerializeCompact(nint context, byte* output64, int* recoveryId, byte* signature);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_recoverable_signature_parse_compact")]
    public static partial int RecoverableParseCompact(nint context, byte* signature, byte* input64, int recoveryId);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_recover")]
    public static partial int EcdsaRecover(nint context, byte* pubkey, byte* signature, byte* hash32);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_signature_parse_compact")]
    public static partial int SignatureParseCompact(nint context, byte* signature, byte* input64);

    [LibraryImport(Library, EntryPoint = "secp256k1_ecdsa_verify")]
    public static partial int EcdsaVerify(nint context, byte* signature, byte* hash32, byte* pubkey);
}
