using GigGossip.Protocol.Bolt11;
using static GigGossip.Protocol.Tests.Bolt11.Bolt11SpecInvoices;

namespace GigGossip.Protocol.Tests.Bolt11;

/// <summary>Every invalid example of BOLT 11 fails with one <see cref="Bolt11FormatException"/> saying why.</summary>
public class Bolt11SpecInvalidTests
{
    [Theory]
    [InlineData(UnknownRequiredFeature, "unknown feature bit 100")]
    [InlineData(InvalidChecksum, "checksum")]
    [InlineData(NoSeparator, "no '1' separator")]
    [InlineData(MixedCase, "mixes upper and lower case")]
    [InlineData(SignatureNotRecoverable, "not recoverable")]
    [InlineData(TooShort, "too short to hold a timestamp and a signature")]
    [InlineData(InvalidMultiplier, "invalid multiplier")]
    [InlineData(SubMillisatoshi, "fraction of a millisatoshi")]
    [InlineData(MissingPaymentSecret, "no valid payment secret")]
    [InlineData(HighSWithPayeeField, "does not verify against the payee key")]
    public void Spec_invalid_invoice_is_rejected_with_a_reason(string text, string reason)
    {
        var error = Assert.Throws<Bolt11FormatException>(() => Bolt11Invoice.Decode(text));
        Assert.Contains(reason, error.Message);
    }
}
