namespace GigGossip.Htlc.Transactions;

/// <summary>The sighash type byte appended to a signature: which parts of the transaction it commits to.</summary>
public static class SigHashType
{
    public const byte All = 0x01;
    public const byte None = 0x02;
    public const byte Single = 0x03;
    public const byte AnyoneCanPay = 0x80;

    /// <summary>ALL, NONE or SINGLE, optionally with ANYONECANPAY (the STRICTENC policy rule).</summary>
    public static bool IsDefined(byte hashType) => (hashType & ~AnyoneCanPay) is All or None or Single;
}
