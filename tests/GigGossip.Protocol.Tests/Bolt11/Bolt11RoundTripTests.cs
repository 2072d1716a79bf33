using CsCheck;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Tests.Bolt11;

/// <summary>Whatever our encoder writes, our decoder reads back field for field with a valid signature.</summary>
public class Bolt11RoundTripTests
{
    internal static readonly Gen<Bolt11InvoiceDraft> Drafts =
        from network in Gen.Enum<Bolt11Network>()
        from amount in Gen.OneOf(Gen.Long[1, Bolt11Amount.MaxMsat], Gen.Long[1, 10_000_000], Gen.Const(0L))
        from seconds in Gen.Long[0, (1L << 35) - 1]
        from hash in Gen.Byte.Array[32]
        from secret in Gen.Byte.Array[32]
        from description in Gen.String[Gen.Char.AlphaNumeric, 0, 200]
        from expiry in Gen.Long[1, 10_000_000]
        from cltv in Gen.Long[1, 5000]
        from withPayee in Gen.Bool
        select new Bolt11InvoiceDraft(network, amount == 0 ? null : amount, DateTimeOffset.FromUnixTimeSeconds(seconds),
            PaymentHash.FromBytes(hash), PaymentSecret.FromBytes(secret), description,
            ExpirySeconds: expiry, MinFinalCltvExpiryDelta: cltv, IncludePayeeNodeKey: withPayee);

    private static readonly SecretKey NodeKey = SecretKey.Generate();

    [Fact]
    public void Encoded_draft_decodes_to_the_same_fields() =>
        Drafts.Sample(draft =>
        {
            var invoice = Bolt11Invoice.Decode(Bolt11Encoder.Encode(draft, NodeKey.Bytes));
            Assert.Equal(draft.Network, invoice.Network);
            Assert.Equal(draft.AmountMsat, invoice.AmountMsat);
            Assert.Equal(draft.Timestamp, invoice.Timestamp);
            Assert.Equal(draft.PaymentHash, invoice.PaymentHash);
            Assert.Equal(draft.PaymentSecret, invoice.PaymentSecret);
            Assert.Equal(draft.Description, invoice.Description);
            Assert.Equal(draft.ExpirySeconds, invoice.ExpirySeconds);
            Assert.Equal(draft.MinFinalCltvExpiryDelta, invoice.MinFinalCltvExpiryDelta);
            Assert.Equal(Bolt11Features.Default, invoice.Features);
            Assert.Equal(NodeKey.CompressedPublicKey, invoice.PayeeNodeKey);
        }, iter: 200);

    [Fact]
    public void Upper_case_invoice_decodes_like_lower_case()
    {
        var text = Bolt11Encoder.Encode(new Bolt11InvoiceDraft(Bolt11Network.Regtest, 500_000, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
            PaymentHash.FromBytes(new byte[32]), PaymentSecret.Generate(), "ride"), NodeKey.Bytes);
        Assert.StartsWith("lnbcrt5u1", text);
        Assert.Equal(text, Bolt11Invoice.Decode(text.ToUpperInvariant()).Text);
    }

    [Fact]
    public void Description_longer_than_639_bytes_cannot_be_encoded() =>
        Assert.Throws<ArgumentException>(() => Bolt11Encoder.Encode(new Bolt11InvoiceDraft(Bolt11Network.Bitcoin, 1, DateTimeOffset.UnixEpoch,
            PaymentHash.FromBytes(new byte[32]), PaymentSecret.Generate(), new string('x', 640)), NodeKey.Bytes));

    [Fact]
    public void Expiry_is_counted_from_the_timestamp()
    {
        var text = Bolt11Encoder.Encode(new Bolt11InvoiceDraft(Bolt11Network.Bitcoin, 1, DateTimeOffset.FromUnixTimeSeconds(1000),
            PaymentHash.FromBytes(new byte[32]), PaymentSecret.Generate(), "x", ExpirySeconds: 60), NodeKey.Bytes);
        var invoice = Bolt11Invoice.Decode(text);
        Assert.False(invoice.IsExpiredAt(DateTimeOffset.FromUnixTimeSeconds(1059)));
        Assert.True(invoice.IsExpiredAt(DateTimeOffset.FromUnixTimeSeconds(1060)));
    }
}
