using System.Security.Cryptography;

namespace GigGossip.Protocol.Bolt11;

/// <summary>The invoice's 32-byte payment secret (BOLT 11 field <c>s</c>), unique per invoice.</summary>
public sealed class PaymentSecret : Bytes32
{
    private PaymentSecret(ReadOnlySpan<byte> bytes) : base(bytes, "payment secret") { }

    public static PaymentSecret FromBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static PaymentSecret FromHex(string hex) => new(ParseHex(hex, "payment secret"));

    public static PaymentSecret Generate() => new(RandomNumberGenerator.GetBytes(Length));
}
