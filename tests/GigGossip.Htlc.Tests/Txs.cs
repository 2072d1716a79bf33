global using OutPoint = NBitcoin.OutPoint;
global using Transaction = NBitcoin.Transaction;
global using TxIn = NBitcoin.TxIn;
global using TxOut = NBitcoin.TxOut;
using GigGossip.Htlc.Transactions;
using NBitcoin;

namespace GigGossip.Htlc.Tests;

/// <summary>Transactions assembled by hand in NBitcoin's model, for tests that need exact inputs, outputs and witnesses.</summary>
internal static class Txs
{
    public static Transaction Create(int version, IEnumerable<TxIn> inputs, IEnumerable<TxOut> outputs, uint lockTime)
    {
        var tx = Network.Main.CreateTransaction();
        tx.Version = (uint)version;
        tx.LockTime = lockTime;
        tx.Inputs.AddRange(inputs);
        tx.Outputs.AddRange(outputs);
        return tx;
    }

    public static TxIn Input(OutPoint prevOut, byte[] scriptSig, uint sequence, IReadOnlyList<byte[]> witness) =>
        new(prevOut, new Script(scriptSig)) { Sequence = sequence, WitScript = TransactionExtensions.WitnessOf(witness) };

    public static TxOut Output(long value, byte[] scriptPubKey) => new(Money.Satoshis(value), new Script(scriptPubKey));

    /// <summary>An outpoint from a txid in internal byte order.</summary>
    public static OutPoint Outpoint(byte[] hash, uint index) => new(new uint256(hash), index);

    public static OutPoint Outpoint(Transaction tx, uint index) => new(tx, index);

    /// <summary>A copy with <paramref name="change"/> applied.</summary>
    public static Transaction With(this Transaction tx, Action<Transaction> change)
    {
        var copy = tx.Clone();
        change(copy);
        return copy;
    }
}

/// <summary>The opcodes tests write scripts with, as bytes (NBitcoin's <see cref="OpcodeType"/> values).</summary>
internal static class Opcode
{
    public const byte Op0 = (byte)OpcodeType.OP_0;
    public const byte Op1 = (byte)OpcodeType.OP_1;
    public const byte Op16 = (byte)OpcodeType.OP_16;
    public const byte Op1Negate = (byte)OpcodeType.OP_1NEGATE;
    public const byte PushData2 = (byte)OpcodeType.OP_PUSHDATA2;
    public const byte Drop = (byte)OpcodeType.OP_DROP;
    public const byte Equal = (byte)OpcodeType.OP_EQUAL;
    public const byte Sha256 = (byte)OpcodeType.OP_SHA256;
    public const byte CheckSig = (byte)OpcodeType.OP_CHECKSIG;
    public const byte CheckLockTimeVerify = (byte)OpcodeType.OP_CHECKLOCKTIMEVERIFY;
}
