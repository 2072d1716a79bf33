using System.Security.Cryptography;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Transactions;
using NBitcoin;

namespace GigGossip.Htlc.Contract;

/// <summary>
/// The on-chain HODL contract: the payee takes the coins by revealing the preimage of the payment hash (SHA-256, as
/// Lightning), the payer takes them back once the locktime has passed. Its P2WSH witness script is
/// <c>OP_SHA256 &lt;payment hash&gt; OP_EQUAL OP_IF &lt;payee key&gt; OP_ELSE &lt;locktime&gt; OP_CHECKLOCKTIMEVERIFY OP_DROP
/// &lt;payer key&gt; OP_ENDIF OP_CHECKSIG</c>.
/// </summary>
public sealed class HtlcContract
{
    private static readonly byte[] EmptyPreimageHash = SHA256.HashData([]);
    private readonly byte[] _paymentHash;
    private readonly byte[] _payeeKey;
    private readonly byte[] _payerKey;

    public HtlcContract(ReadOnlySpan<byte> paymentHash, ReadOnlySpan<byte> payeeKey, ReadOnlySpan<byte> payerKey, uint locktime)
    {
        if (paymentHash.Length != 32) throw new HtlcException($"payment hash must be 32 bytes, got {paymentHash.Length}");
        if (!EcdsaKey.IsCompressedPublicKey(payeeKey)) throw new HtlcException("payee key is not a 33-byte compressed secp256k1 public key");
        if (!EcdsaKey.IsCompressedPublicKey(payerKey)) throw new HtlcException("payer key is not a 33-byte compressed secp256k1 public key");
        if (locktime == 0) throw new HtlcException("locktime must be positive");
        if (paymentHash.SequenceEqual(EmptyPreimageHash))
            throw new HtlcException("payment hash is SHA256 of the empty string: its preimage is no secret, and the refund's empty selector would open the claim branch");
        _paymentHash = paymentHash.ToArray();
        _payeeKey = payeeKey.ToArray();
        _payerKey = payerKey.ToArray();
        Locktime = locktime;
        WitnessScript = BuildScript();
        ScriptPubKey = new Script(WitnessScript).WitHash.ScriptPubKey.ToBytes(true);
    }

    public ReadOnlySpan<byte> PaymentHash => _paymentHash;

    public ReadOnlySpan<byte> PayeeKey => _payeeKey;

    public ReadOnlySpan<byte> PayerKey => _payerKey;

    /// <summary>Block height (below 500,000,000) or unix time from which the payer may refund.</summary>
    public uint Locktime { get; }

    public bool IsHeightLocked => Locktime < BitcoinRules.LocktimeThreshold;

    public byte[] WitnessScript { get; }

    /// <summary>The P2WSH output script: OP_0 &lt;SHA256(witness script)&gt;.</summary>
    public byte[] ScriptPubKey { get; }

    public SegwitAddress Address(BitcoinNetwork network) => SegwitAddress.FromScriptPubKey(ScriptPubKey, network)!;

    /// <summary>True when SHA256(preimage) is the payment hash.</summary>
    public bool Unlocks(ReadOnlySpan<byte> preimage) => SHA256.HashData(preimage).AsSpan().SequenceEqual(_paymentHash);

    /// <summary>Reads a witness script back into a contract; anything but this exact template is a <see cref="BitcoinFormatException"/>.</summary>
    public static HtlcContract FromWitnessScript(ReadOnlySpan<byte> script)
    {
        var chunks = ScriptBytes.Parse(script);
        if (chunks.Count != 12) throw NotHtlc($"{chunks.Count} elements, expected 12");
        ExpectOp(chunks[0], OpcodeType.OP_SHA256);
        var hash = ExpectPush(chunks[1], 32, "payment hash");
        ExpectOp(chunks[2], OpcodeType.OP_EQUAL);
        ExpectOp(chunks[3], OpcodeType.OP_IF);
        var payee = ExpectPush(chunks[4], 33, "payee key");
        ExpectOp(chunks[5], OpcodeType.OP_ELSE);
        var locktime = LocktimeOf(chunks[6]);
        ExpectOp(chunks[7], OpcodeType.OP_CHECKLOCKTIMEVERIFY);
        ExpectOp(chunks[8], OpcodeType.OP_DROP);
        var payer = ExpectPush(chunks[9], 33, "payer key");
        ExpectOp(chunks[10], OpcodeType.OP_ENDIF);
        ExpectOp(chunks[11], OpcodeType.OP_CHECKSIG);
        HtlcContract contract;
        try
        {
            contract = new HtlcContract(hash, payee, payer, locktime);
        }
        catch (HtlcException e)
        {
            throw NotHtlc(e.Message);
        }
        if (!contract.WitnessScript.AsSpan().SequenceEqual(script)) throw NotHtlc("pushes are not minimally encoded");
        return contract;
    }

    private byte[] BuildScript() => new Script(
        OpcodeType.OP_SHA256, Op.GetPushOp(_paymentHash), OpcodeType.OP_EQUAL,
        OpcodeType.OP_IF, Op.GetPushOp(_payeeKey),
        OpcodeType.OP_ELSE, Op.GetPushOp(Locktime), OpcodeType.OP_CHECKLOCKTIMEVERIFY, OpcodeType.OP_DROP, Op.GetPushOp(_payerKey),
        OpcodeType.OP_ENDIF, OpcodeType.OP_CHECKSIG).ToBytes(true);

    private static uint LocktimeOf(Op chunk)
    {
        if (chunk.Code is >= OpcodeType.OP_1 and <= OpcodeType.OP_16) return (uint)(chunk.Code - OpcodeType.OP_1 + 1);
        if (chunk.Code > OpcodeType.OP_PUSHDATA4 || chunk.PushData is null) throw NotHtlc("locktime is not a number push");
        var value = ScriptNumber.TryDecode(chunk.PushData, 5, requireMinimal: true);
        if (value is not > 0 || value > uint.MaxValue) throw NotHtlc("locktime is not a positive minimal script number");
        return (uint)value.Value;
    }

    private static void ExpectOp(Op chunk, OpcodeType opcode)
    {
        if (chunk.Code != opcode) throw NotHtlc($"found {ScriptBytes.Asm(chunk)} where {ScriptBytes.Asm(opcode)} belongs");
    }

    private static byte[] ExpectPush(Op chunk, int length, string what)
    {
        if (chunk.Code > OpcodeType.OP_PUSHDATA4 || chunk.PushData is null || chunk.PushData.Length != length) throw NotHtlc($"{what} is not a {length}-byte push");
        return chunk.PushData;
    }

    private static BitcoinFormatException NotHtlc(string detail) => new($"script is not an HTLC witness script: {detail}");
}
