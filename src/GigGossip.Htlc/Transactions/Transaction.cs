using System.Security.Cryptography;
using GigGossip.Htlc.Bitcoin;

namespace GigGossip.Htlc.Transactions;

/// <summary>
/// A Bitcoin transaction in its segwit serialization (BIP144): version, marker 0x00 and flag 0x01 when any input has
/// a witness, inputs, outputs, the witness stacks, nLockTime.
/// </summary>
public sealed record Transaction(int Version, IReadOnlyList<TxIn> Inputs, IReadOnlyList<TxOut> Outputs, uint LockTime)
{
    /// <summary>nLockTime values below this are block heights, at or above it unix times (also for OP_CHECKLOCKTIMEVERIFY).</summary>
    public const uint LocktimeThreshold = 500_000_000;

    private const int MaxSerializedSize = 4_000_000;
    private const int MaxItemSize = MaxSerializedSize;

    public bool HasWitness => Inputs.Any(i => i.Witness.Count > 0);

    public byte[] ToBytes(bool includeWitness = true)
    {
        var withWitness = includeWitness && HasWitness;
        var writer = new ByteWriter();
        writer.WriteInt32(Version);
        if (withWitness)
        {
            writer.WriteByte(0x00);
            writer.WriteByte(0x01);
        }
        writer.WriteCompactSize((ulong)Inputs.Count);
        foreach (var input in Inputs)
        {
            writer.Write(input.PrevOut.Hash);
            writer.WriteUInt32(input.PrevOut.Index);
            writer.WriteVarBytes(input.ScriptSig);
            writer.WriteUInt32(input.Sequence);
        }
        writer.WriteCompactSize((ulong)Outputs.Count);
        foreach (var output in Outputs)
        {
            writer.WriteInt64(output.Value);
            writer.WriteVarBytes(output.ScriptPubKey);
        }
        if (withWitness)
        {
            foreach (var input in Inputs)
            {
                writer.WriteCompactSize((ulong)input.Witness.Count);
                foreach (var item in input.Witness) writer.WriteVarBytes(item);
            }
        }
        writer.WriteUInt32(LockTime);
        return writer.ToArray();
    }

    public string ToHex() => Hex.Of(ToBytes());

    /// <summary>The txid: double SHA-256 of the serialization without witnesses, shown byte-reversed.</summary>
    public string Txid => OutPoint.TxidOf(TxidHash);

    /// <summary>The txid in internal byte order, as an <see cref="OutPoint"/> spending this transaction needs it.</summary>
    public byte[] TxidHash => DoubleSha256(ToBytes(includeWitness: false));

    /// <summary>The wtxid (BIP141): double SHA-256 of the full serialization, shown byte-reversed.</summary>
    public string Wtxid => OutPoint.TxidOf(DoubleSha256(ToBytes()));

    /// <summary>BIP141 weight: base size times 3 plus total size.</summary>
    public int Weight => ToBytes(includeWitness: false).Length * 3 + ToBytes().Length;

    /// <summary>Virtual size in vbytes: weight divided by 4, rounded up.</summary>
    public int VirtualSize => (Weight + 3) / 4;

    public static Transaction Parse(string hex) => Parse(Hex.Parse(hex, "transaction"));

    public static Transaction Parse(byte[] bytes)
    {
        if (bytes.Length > MaxSerializedSize) throw new BitcoinFormatException("transaction is larger than 4,000,000 bytes");
        var reader = new ByteReader(bytes, "transaction");
        var version = reader.ReadInt32();
        var segwit = false;
        if (reader.PeekByte() == 0x00)
        {
            reader.ReadByte();
            var flag = reader.ReadByte();
            if (flag != 0x01) throw new BitcoinFormatException($"transaction has segwit marker with unknown flag 0x{flag:x2}");
            segwit = true;
        }
        var inputCount = reader.ReadCompactSize(MaxSerializedSize / 41);
        if (inputCount == 0) throw new BitcoinFormatException("transaction has no inputs");
        var inputs = new List<(OutPoint PrevOut, byte[] ScriptSig, uint Sequence)>(inputCount);
        for (var i = 0; i < inputCount; i++)
        {
            var prevOut = new OutPoint(reader.ReadBytes(32), reader.ReadUInt32());
            inputs.Add((prevOut, reader.ReadVarBytes(MaxItemSize), reader.ReadUInt32()));
        }
        var outputCount = reader.ReadCompactSize(MaxSerializedSize / 9);
        var outputs = new List<TxOut>(outputCount);
        for (var i = 0; i < outputCount; i++)
        {
            var value = reader.ReadInt64();
            if (value is < 0 or > TxOut.MaxMoney) throw new BitcoinFormatException($"output {i} amount {value} is out of range");
            outputs.Add(new TxOut(value, reader.ReadVarBytes(MaxItemSize)));
        }
        var witnesses = new List<IReadOnlyList<byte[]>>(inputCount);
        for (var i = 0; i < inputCount; i++)
        {
            if (!segwit)
            {
                witnesses.Add([]);
                continue;
            }
            var itemCount = reader.ReadCompactSize(MaxSerializedSize);
            var items = new List<byte[]>(itemCount);
            for (var k = 0; k < itemCount; k++) items.Add(reader.ReadVarBytes(MaxItemSize));
            witnesses.Add(items);
        }
        if (segwit && witnesses.All(w => w.Count == 0))
            throw new BitcoinFormatException("transaction has the segwit marker but no witness data");
        var lockTime = reader.ReadUInt32();
        if (reader.Remaining != 0) throw new BitcoinFormatException($"transaction has {reader.Remaining} trailing bytes");
        return new Transaction(version, [.. inputs.Select((input, i) => new TxIn(input.PrevOut, input.ScriptSig, input.Sequence, witnesses[i]))], outputs, lockTime);
    }

    /// <summary>A copy with the witness stack of one input replaced.</summary>
    public Transaction WithWitness(int inputIndex, IReadOnlyList<byte[]> witness) =>
        this with { Inputs = [.. Inputs.Select((input, i) => i == inputIndex ? input with { Witness = witness } : input)] };

    internal static byte[] DoubleSha256(ReadOnlySpan<byte> data) => SHA256.HashData(SHA256.HashData(data));
}
