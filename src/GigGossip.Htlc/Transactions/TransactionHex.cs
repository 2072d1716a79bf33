using GigGossip.Htlc.Bitcoin;
using NBitcoin;

namespace GigGossip.Htlc.Transactions;

/// <summary>
/// Reads transactions that come from outside with NBitcoin's decoder (BIP144 segwit serialization, canonical lengths,
/// no trailing bytes), turning every refusal into a <see cref="BitcoinFormatException"/> that says what is wrong.
/// </summary>
public static class TransactionHex
{
    public static Transaction Parse(string hex) => Parse(Hex.Parse(hex, "transaction"));

    public static Transaction Parse(byte[] bytes)
    {
        if (bytes.Length > BitcoinRules.MaxSerializedSize) throw new BitcoinFormatException("transaction is larger than 4,000,000 bytes");
        if (bytes.Length >= 6 && bytes[4] == 0x00 && bytes[5] != 0x01)
            throw new BitcoinFormatException($"transaction has segwit marker with unknown flag 0x{bytes[5]:x2}");
        Transaction tx;
        try
        {
            tx = Transaction.Load(bytes, Network.Main);
        }
        catch (Exception e) when (e is FormatException or IOException or InvalidDataException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new BitcoinFormatException(Reason(e));
        }
        if (tx.Inputs.Count == 0) throw new BitcoinFormatException("transaction has no inputs");
        for (var i = 0; i < tx.Outputs.Count; i++)
        {
            var value = tx.Outputs[i].Value.Satoshi;
            if (value is < 0 or > BitcoinRules.MaxMoney) throw new BitcoinFormatException($"output {i} amount {value} is out of range");
        }
        if (!tx.ToBytes().AsSpan().SequenceEqual(bytes)) throw new BitcoinFormatException("transaction does not serialise back to the same bytes");
        return tx;
    }

    private static string Reason(Exception e) => e switch
    {
        EndOfStreamException => "transaction is truncated",
        InvalidDataException => "transaction: non-canonical length encoding",
        ArgumentOutOfRangeException => "transaction claims more items than it can hold",
        InvalidOperationException => "transaction has no inputs",
        FormatException when e.Message.Contains("trailing", StringComparison.Ordinal) => "transaction has trailing bytes",
        FormatException when e.Message.Contains("Superfluous witness", StringComparison.Ordinal) =>
            "transaction has the segwit marker but no witness data, or no inputs",
        _ => $"transaction is malformed: {e.Message}",
    };
}
