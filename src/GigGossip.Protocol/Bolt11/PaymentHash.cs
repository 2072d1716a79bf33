using System.Security.Cryptography;

namespace GigGossip.Protocol.Bolt11;

/// <summary>SHA256 of a <see cref="Preimage"/>: what an invoice shows and every hop of a payment chain shares.</summary>
public sealed class PaymentHash : Bytes32
{
    private PaymentHash(ReadOnlySpan<byte> bytes) : base(bytes, "payment hash") { }

    public static PaymentHash FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static PaymentHash FromHex(string hex) => new(ParseHex(hex, "payment hash"));

    /// <summary>The payment hash of a preimage: SHA256(preimage).</summary>
    public static PaymentHash Of(Preimage preimage) => new(SHA256.HashData(preimage.Bytes));
}
